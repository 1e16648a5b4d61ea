export { parseComposeRequest } from "./parse.js";
export type * from "./request.js";
