// The path parameters of the API's routes, as JSON Schemas (issue 11, point 1): every `{id}`, `{gln}` and `{thread}`
// is checked against its format before a handler sees it (400 with a problem, never a 404 or a 500 for a malformed
// one), and /openapi.json publishes these very schemas.
import { objectSchema, queryCheck, type JsonSchema } from "../../util/json-schema.js";
import { GLN, MESSAGE_ID } from "./common.js";

/** Communication.identifier: `urn:uuid:` and a lower-case UUID (medcom-uuidv4), URL-encoded in the path. */
export const THREAD: JsonSchema = {
  type: "string",
  pattern: "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "Communication.identifier (urn:uuid: and a lower-case UUID), URL-encoded.",
  "x-issues": {
    pattern: { code: "thread-id", message: "{name} must be a conversation id: urn:uuid: and a lower-case UUID." },
  },
  examples: ["urn:uuid:b2eb3d0e-5de5-4de9-b2a3-0ff321ad1c3a"],
};

/** Every path parameter name the API uses, with its format. A route with a name not listed here is refused (400). */
export const PATH_PARAMS = { id: MESSAGE_ID, gln: GLN, thread: THREAD } as const satisfies Record<string, JsonSchema>;

export type PathParams = Partial<Record<keyof typeof PATH_PARAMS, string>>;

export const pathParams = queryCheck<PathParams>(objectSchema(PATH_PARAMS));
