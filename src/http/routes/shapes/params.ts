// Building blocks of the API's parameters (JSON Schema draft 2020-12, written with TypeBox so each carries its
// TypeScript type): identifiers and times as the gateway takes them. The schemas are what the routes check
// (mount.ts) and what /openapi.json publishes.
import { Type, type TUnsafe } from "@sinclair/typebox";
import { GLN_SCHEMA, MESSAGE_ID_SCHEMA } from "../../../medcom/compose/schema.js";
import type { JsonSchema } from "../../../util/json-schema.js";

const text = (schema: JsonSchema): TUnsafe<string> => Type.Unsafe<string>(schema);

/** A string from a fixed list, published as `enum` (one issue "must be one of …", not one per alternative). */
export const oneOf = <T extends string>(values: readonly T[], extra: JsonSchema = {}): TUnsafe<T> =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...extra });

/** A MessageHeader.id: a lower-case UUID. */
const MESSAGE_ID = text(MESSAGE_ID_SCHEMA);

/** A location number; the GS1 check digit is checked beside the pattern (mount.ts: PARAM_RULES). */
export const GLN = text(GLN_SCHEMA);

/** Communication.identifier: `urn:uuid:` and a lower-case UUID (medcom-uuidv4), URL-encoded in the path. */
const THREAD = text({
  type: "string",
  pattern: "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "Communication.identifier (urn:uuid: and a lower-case UUID), URL-encoded.",
  "x-issues": {
    pattern: { code: "thread-id", message: "{name} must be a conversation id: urn:uuid: and a lower-case UUID." },
  },
  examples: ["urn:uuid:b2eb3d0e-5de5-4de9-b2a3-0ff321ad1c3a"],
});

/** A date or date-time (ISO 8601); without a zone it is Danish local time. */
export const INSTANT_DESCRIPTION =
  "A date or date-time (ISO 8601); without a time zone it is Danish local time (Europe/Copenhagen).";
export const instant = (description: string = INSTANT_DESCRIPTION): TUnsafe<string> =>
  text({
    type: "string",
    pattern: "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$",
    description,
    "x-issues": { pattern: { code: "date", message: "{name} must be a date or date-time (ISO 8601)." } },
    examples: ["2026-12-01", "2026-12-01T08:00:00Z"],
  });

export const limit = (max: number, fallback: number) =>
  Type.Integer({
    minimum: 1,
    maximum: max,
    default: fallback,
    description: `How many items a page holds (1–${max}, default ${fallback}).`,
  });

/** `<time>.<message id>`: the last item of the page before. Its id is a message id like any other (a lower-case UUID,
 *  issue 11 point 1), so a cursor can name nothing but a message. */
export const CURSOR = text({
  type: "string",
  pattern: "^\\d{1,16}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "The `next` value of the page before.",
  "x-issues": { pattern: { code: "cursor", message: "{name} must be the `next` value of the page before." } },
});

/** `<GLN>.<name, base64url>`: the last location of the page before (src/routing/paging.ts). */
export const LOCATIONS_CURSOR = text({
  type: "string",
  pattern: "^[0-9]{13}\\.[A-Za-z0-9_-]{0,1400}$",
  description: "The `next` value of the page before.",
  "x-issues": { pattern: { code: "cursor", message: "{name} must be the `next` value of the page before." } },
});

/** A document of a legacy location's message (issue 15): its part, and a counter for the further XCTLs. */
const DOCUMENT = text({
  type: "string",
  pattern: "^(fhir|xdis91|xbin01|xctl(-[2-9])?)$",
  description:
    "Which document: `xdis91`, `xbin01`, `xctl`, `xctl-2` … for a location whose first format is xdis91 " +
    "(`fhir` for any other location).",
  "x-issues": { pattern: { code: "document", message: "{name} must be xdis91, xbin01, xctl, xctl-2 … or fhir." } },
  examples: ["xbin01"],
});

/** The path parameters routes use, by name. */
export const ID_PARAM = { id: MESSAGE_ID };
export const GLN_PARAM = { gln: GLN };
export const THREAD_PARAM = { thread: THREAD };
export const DOCUMENT_PARAM = { document: DOCUMENT };
