// Reading a request body under the slow-and-large rules (issue 11, point 18; issue 17): after a grace period the body
// must keep up a minimum average rate (a client trickling bytes would otherwise hold a connection and its buffer for as
// long as Node's request timeout allows: 408 `timeout`), and only a few large bodies are handled at once (each may be
// 100+ MB: docs/large-messages.md). A large body's slot is held from the moment it is known to be large until its
// request is answered; more get 503 `busy` with Retry-After, before anything more is read. A large body of a type a
// detacher reads streams through it (issue 17): its attachment data goes to the blob store, only the rest is held.
import type { Context, MiddlewareHandler } from "hono";
import { fail, GatewayError } from "../errors.js";
import { DetachRefusal, mayHoldDetachableValue, type Detacher } from "../medcom/detach/detacher.js";
import type { DetachedAttachments } from "../medcom/detached.js";
import { bodyChunks, type BodyChunks, type ChunkResult } from "./body-chunks.js";
import { DETACH_THRESHOLD_CHARS, detachProblem } from "./detaching.js";
import type { AppEnv, BodyGate, RequestBodyGate } from "./env.js";
import type { HttpLimits } from "./server-limits.js";

export type { BodyGate, RequestBodyGate } from "./env.js";

export function createBodyGate(limits: HttpLimits): BodyGate {
  let inUse = 0;
  let heldBytes = 0;
  return {
    limits,
    tryAcquire() {
      if (inUse >= limits.maxLargeBodies) return false;
      inUse += 1;
      return true;
    },
    release() {
      inUse = Math.max(0, inUse - 1);
    },
    tryHold(bytes) {
      if (heldBytes + bytes > limits.maxHeldBodyBytes) return false;
      heldBytes += bytes;
      return true;
    },
    unhold(bytes) {
      heldBytes = Math.max(0, heldBytes - bytes);
    },
  };
}

/** Hands each request its view of the gate, and gives back the slot it took once the request is answered. */
export function bodyGate(gate: BodyGate): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let held = false;
    let heldBytes = 0;
    c.set("bodyGate", {
      limits: gate.limits,
      take() {
        if (!held) held = gate.tryAcquire();
        return held;
      },
      hold(bytes) {
        if (!gate.tryHold(bytes)) return false;
        heldBytes += bytes;
        return true;
      },
    });
    try {
      await next();
    } finally {
      if (held) gate.release();
      if (heldBytes > 0) gate.unhold(heldBytes);
    }
  };
}

/** 503 busy with Retry-After: a limit of the process's large-body gate is reached (`code` names which). */
function busyWith(limits: HttpLimits, code: string, limit: string): never {
  const message = `${limit}; retry after ${limits.busyRetryAfterSeconds} s.`;
  throw new GatewayError("busy", [{ severity: "error", code, path: "", message }], undefined, {
    "Retry-After": String(limits.busyRetryAfterSeconds),
  });
}

const busy = (limits: HttpLimits): never =>
  busyWith(
    limits,
    "large-bodies-busy",
    `At most ${limits.maxLargeBodies} bodies over ${limits.largeBodyBytes} bytes are handled at once ` +
      `(GATEWAY_MAX_LARGE_BODIES, GATEWAY_LARGE_BODY_BYTES)`,
  );

const heldBusy = (limits: HttpLimits): never =>
  busyWith(
    limits,
    "held-bodies-busy",
    `Large bodies of this type are read whole, and at most ${limits.maxHeldBodyBytes} bytes of them are held ` +
      `at once (GATEWAY_MAX_HELD_BODY_BYTES)`,
  );

function tooSlow(limits: HttpLimits): never {
  throw new GatewayError("timeout", [
    {
      severity: "error",
      code: "body-too-slow",
      path: "",
      message: `The body arrived slower than ${limits.bodyMinBytesPerSecond} bytes a second.`,
    },
  ]);
}

/** A body over the route's limit (413, the connection closed: problem.ts). */
export function bodyTooLarge(maxBytes: number): never {
  fail("too-large", "body-too-large", "", `The body is larger than ${maxBytes} bytes.`);
}

const TIMED_OUT = Symbol("timed-out");

/**
 * How long the rest of a body refused for its content is read and thrown away before the answer is sent (as a web
 * server's "lingering close"): a client still sending would otherwise meet a closed connection and may never read
 * the answer, and an HTTP/1.1 client reads it once it has written its body. Bounded in time, not in bytes; nothing
 * read is kept.
 */
const LINGER_MS = 5_000;

async function discardRest(reader: BodyChunks, ms: number): Promise<void> {
  const until = performance.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const left = until - performance.now();
      if (left <= 0) return;
      const next = reader.read();
      next.catch(() => undefined);
      const result = await Promise.race([
        next,
        new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), left))),
      ]);
      clearTimeout(timer);
      if (result === TIMED_OUT || result.done) return;
    }
  } catch {
    return; // the connection went away: nothing more to wait for
  } finally {
    clearTimeout(timer);
  }
}

/** The next chunk, or TIMED_OUT when none came within `ms`. */
async function readBefore(reader: BodyChunks, ms: number): Promise<ChunkResult | typeof TIMED_OUT> {
  const next = reader.read();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      next,
      new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms))),
    ]);
    // The pending read settles when the connection closes; nothing waits for it.
    if (result === TIMED_OUT) next.catch(() => undefined);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** A body as read: its bytes (the document, when detached) and what was detached from it. */
export interface GatedBody {
  bytes: Uint8Array;
  /** The body's own byte count, as received (the document's is smaller when something was detached). */
  sizeBytes: number;
  /** The attachments detached while it streamed, by token; absent when the body was read whole. */
  detached?: DetachedAttachments;
}

/**
 * The whole body, read under the gate's rules and the route's size limit (`bodyLimit`, set by limitBody: a body
 * without a Content-Length is counted as it streams). The deadline for the next chunk: start + grace + bytes so far / rate,
 * so a client may pause within the grace period but must then average the minimum rate (time spent waiting for the
 * blob store is not the client's, and does not count).
 *
 * `detach` (issue 17): the detacher for this body, asked for once the body is known to be large; from then on the
 * chunks stream through it, each awaited (the blob store's pace is the body's), instead of being collected. A small
 * body is read whole, and then put through the detacher when it may hold a data value to detach (longer than
 * DETACH_THRESHOLD_CHARS, with a stretch that long without a quote). On any failure the detacher's blobs are deleted.
 */
export async function readGatedBody(
  c: Context<AppEnv>,
  gate: RequestBodyGate,
  detach?: () => Detacher | undefined,
): Promise<GatedBody> {
  const { limits } = gate;
  const reader = bodyChunks(c);
  if (!reader) return { bytes: new Uint8Array(), sizeBytes: 0 };
  const maxBytes = c.get("bodyLimit") ?? Infinity;
  const declared = Number(c.req.header("Content-Length") ?? NaN);
  let large = declared > limits.largeBodyBytes;
  if (large && !gate.take()) busy(limits);
  /** A large body no detacher streams is held whole: its bytes count against the process's budget. */
  const hold = (bytes: number): void => {
    if (!gate.hold(bytes)) heldBusy(limits);
  };
  const started = performance.now();
  let chunks: Uint8Array[] = [];
  let total = 0;
  let waited = 0;
  let detacher: Detacher | undefined;
  /** Hand the chunk to the detacher, the time it takes not counted against the client. */
  const through = async (chunk: Uint8Array, into: Detacher): Promise<void> => {
    const before = performance.now();
    await into.push(chunk);
    waited += performance.now() - before;
  };
  const startDetaching = async (): Promise<void> => {
    detacher = detach?.();
    if (!detacher) return;
    const held = chunks;
    chunks = [];
    for (const chunk of held) await through(chunk, detacher);
  };
  try {
    if (large) {
      await startDetaching();
      // Its Content-Length is all it may hold (Node ends a body at it): counted before anything is read.
      if (!detacher) hold(declared);
    }
    const countedUpFront = large;
    for (;;) {
      const wait =
        started + waited + limits.bodyGraceMs + (total / limits.bodyMinBytesPerSecond) * 1000 - performance.now();
      if (wait <= 0) tooSlow(limits);
      // A body received whole (a small one usually is, by the time its handler reads it) waits for nobody: its reads
      // need no timer raced against them (two timers and races a request: issue 17, point 3).
      const result = reader.received?.() ? await reader.read() : await readBefore(reader, wait);
      if (result === TIMED_OUT) tooSlow(limits);
      if (result.done) break;
      total += result.value.byteLength;
      if (total > maxBytes) bodyTooLarge(maxBytes);
      if (detacher) await through(result.value, detacher);
      else {
        chunks.push(result.value);
        if (large && !countedUpFront) hold(result.value.byteLength);
      }
      // A body without a Content-Length becomes large on the way: it takes a slot then, or is refused.
      if (!large && total > limits.largeBodyBytes) {
        large = true;
        if (!gate.take()) busy(limits);
        await startDetaching();
        if (!detacher) hold(total);
      }
    }
    if (!detacher) {
      // A body too small to be large that may hold a value worth detaching goes through the detacher too, once it
      // is all here, chunk by chunk as received: every attachment over the threshold is kept decoded in a blob,
      // whatever the body's size (a 200 KB PDF's base64 cost ≈ 1–2 ms more to parse, check, fingerprint and compress
      // inside the document than to detach; issue 17, point 3; docs/large-messages.md). Its bytes were held anyway:
      // no slot is taken. (A large body without a detacher by now is of a type none reads: held whole, not searched.)
      const worthDetaching =
        !large && total > DETACH_THRESHOLD_CHARS && mayHoldDetachableValue(chunks, DETACH_THRESHOLD_CHARS);
      detacher = worthDetaching ? detach?.() : undefined;
      if (!detacher) return { bytes: joined(chunks, total), sizeBytes: total };
      for (const chunk of chunks) await through(chunk, detacher);
    }
    const { document, detached } = await detacher.end();
    return { bytes: document, sizeBytes: total, detached };
  } catch (err) {
    if (detacher) await detacher.abort().catch(() => undefined);
    if (!(err instanceof DetachRefusal)) throw err;
    await discardRest(reader, LINGER_MS);
    throw detachProblem(err);
  }
}

/** The chunks as one array: a body that came in one chunk (most small ones) is not copied. */
function joined(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  // A plain Uint8Array view (a Buffer's slice and toString differ): the same bytes, no copy.
  if (only) return new Uint8Array(only.buffer, only.byteOffset, only.byteLength);
  // Not zero-filled first: every byte is written just below.
  const buffer = Buffer.allocUnsafe(total);
  const body = new Uint8Array(buffer.buffer, buffer.byteOffset, total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
