// The Hono environment shared by every sub-app: who is calling, and the request's id.
import type { IncomingMessage } from "node:http";
import type { Caller } from "../access/clients.js";
import type { HttpLimits } from "./server-limits.js";

/** The slow-and-large body rules of one server (body-reader.ts implements them). */
export interface BodyGate {
  readonly limits: HttpLimits;
  /** Take a large-body slot; false when all are taken. */
  tryAcquire(): boolean;
  release(): void;
  /** Count `bytes` more of large bodies held whole against the process's budget; false (nothing counted) past it. */
  tryHold(bytes: number): boolean;
  unhold(bytes: number): void;
}

/**
 * One request's view of the gate: its slot, once taken, is held until the request is answered (the body is parsed,
 * built, sealed and stored after it is read, and every step holds copies of it), and released by the middleware.
 */
export interface RequestBodyGate {
  readonly limits: HttpLimits;
  /** Take this request's large-body slot (again: true); false when all are taken. */
  take(): boolean;
  /** Count `bytes` more of this request's large body, held whole, against the budget until it is answered. */
  hold(bytes: number): boolean;
}

export interface AppEnv {
  /** From @hono/node-server: the Node request, whose socket holds the client certificate under mutual TLS. */
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    caller: Caller;
    requestId: string;
    /** The caller's own X-Request-Id, sanitized: logged beside the gateway's id, never used as it. */
    clientRequestId?: string;
    /** The route's body size limit (body.ts's limitBody), which the body reader counts a streamed body against. */
    bodyLimit?: number;
    /** The slow-and-large body rules (issue 11, point 18); routes read bodies through it. */
    bodyGate?: RequestBodyGate;
    /** The client's address, proxy-aware under TRUST_PROXY (issue 11, point 13). */
    clientAddress?: string;
    /** The route's path parameters and query, checked against its definition (routes/mount.ts). */
    routeInput?: { params: Record<string, string>; query: unknown };
  };
}
