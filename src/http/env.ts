// The Hono environment shared by every sub-app: who is calling, and the request's id.
import type { IncomingMessage } from "node:http";
import type { Caller } from "../access/clients.js";

export interface AppEnv {
  /** From @hono/node-server: the Node request, whose socket holds the client certificate under mutual TLS. */
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    caller: Caller;
    requestId: string;
  };
}
