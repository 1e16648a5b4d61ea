// Every named schema of /openapi.json's components: the request bodies the use cases check, and the answers' shapes.
import { COMPOSE_REQUEST_SCHEMA } from "../../../medcom/compose/schema.js";
import { ACKNOWLEDGE_REQUEST_SCHEMA } from "../../../usecases/acknowledge/acknowledge-received.js";
import type { JsonSchema } from "../../../util/json-schema.js";
import { ADMIN_SHAPES } from "./admin.js";
import { MESSAGE_SHAPES } from "./messages.js";

export { ref } from "./build.js";

export const COMPONENTS: Readonly<Record<string, JsonSchema>> = {
  ComposeRequest: COMPOSE_REQUEST_SCHEMA,
  AcknowledgeRequest: ACKNOWLEDGE_REQUEST_SCHEMA,
  ...MESSAGE_SHAPES,
  ...ADMIN_SHAPES,
};
