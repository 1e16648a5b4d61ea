// Small builders for the answers' JSON Schemas (documentation of what handlers send; the test suite checks every
// answer it receives against them, tests/support/openapi-check.ts).
import type { JsonSchema } from "../../../util/json-schema.js";
import { STATUSES } from "../../../domain/record.js";
import { MESSAGE_KINDS } from "../../../domain/record.js";

/** A reference to a named schema of the document's components (shapes/components.ts). */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const string = (description?: string): JsonSchema => ({
  type: "string",
  ...(description ? { description } : {}),
});
export const integer = (description?: string): JsonSchema => ({
  type: "integer",
  ...(description ? { description } : {}),
});
export const dateTime = (description?: string): JsonSchema => ({
  type: "string",
  format: "date-time",
  ...(description ? { description } : {}),
});
export const list = (items: JsonSchema, description?: string): JsonSchema => ({
  type: "array",
  items,
  ...(description ? { description } : {}),
});

export function object(properties: Record<string, JsonSchema>, required: string[], description?: string): JsonSchema {
  return { type: "object", properties, required, ...(description ? { description } : {}) };
}

export const status: JsonSchema = { type: "string", enum: [...STATUSES] };
export const kind: JsonSchema = { type: "string", enum: [...MESSAGE_KINDS] };
export const party = ref("Party");
