// Building blocks of the API's JSON Schemas (draft 2020-12): identifiers and times as the gateway takes them.
import type { JsonSchema } from "../../util/json-schema.js";

export { GLN_SCHEMA as GLN, MESSAGE_ID_SCHEMA as MESSAGE_ID } from "../../medcom/compose/schema.js";

/** A date or date-time (ISO 8601); without a zone it is Danish local time. */
export const INSTANT: JsonSchema = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$",
  description: "A date or date-time (ISO 8601); without a time zone it is Danish local time (Europe/Copenhagen).",
  "x-issues": { pattern: { code: "date", message: "{name} must be a date or date-time (ISO 8601)." } },
  examples: ["2026-12-01", "2026-12-01T08:00:00Z"],
};

export const limit = (max: number, fallback: number): JsonSchema => ({
  type: "integer",
  minimum: 1,
  maximum: max,
  default: fallback,
  description: `How many items a page holds (1–${max}, default ${fallback}).`,
});

/** `<time>.<message id>`: the last item of the page before. Its id is a message id like any other (a lower-case UUID,
 *  issue 11 point 1), so a cursor can name nothing but a message. */
export const CURSOR: JsonSchema = {
  type: "string",
  pattern: "^\\d{1,16}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "The `next` value of the page before.",
  "x-issues": { pattern: { code: "cursor", message: "{name} must be the `next` value of the page before." } },
};
