// The Hono environment shared by every sub-app: who is calling, and the request's id.
import type { Caller } from "../access/clients.js";

export interface AppEnv {
  Variables: {
    caller: Caller;
    requestId: string;
  };
}
