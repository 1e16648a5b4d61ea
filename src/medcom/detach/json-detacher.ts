// PLACEHOLDER of the base commit (issue 17): replaced by the real streaming reader on its own branch.
import type { Detacher, DetachOptions } from "./detacher.js";

export function createJsonDetacher(_options: DetachOptions): Detacher {
  throw new Error("createJsonDetacher is not built yet");
}
