// Reading a request body under the slow-and-large rules (issue 11, point 18; issue 17): after a grace period the body
// must keep up a minimum average rate (a client trickling bytes would otherwise hold a connection and its buffer for as
// long as Node's request timeout allows: 408 `timeout`), and only a few large bodies are handled at once (each may be
// 100+ MB, and today it is buffered whole and copied while parsed, built and sealed: docs/large-messages.md). A large
// body's slot is held from the moment it is known to be large until its request is answered; more get 503 `busy`
// with Retry-After, before anything more is read.
import type { Context, MiddlewareHandler } from "hono";
import { GatewayError } from "../errors.js";
import type { AppEnv, BodyGate, RequestBodyGate } from "./env.js";
import type { HttpLimits } from "./server-limits.js";

export type { BodyGate, RequestBodyGate } from "./env.js";

export function createBodyGate(limits: HttpLimits): BodyGate {
  let inUse = 0;
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
  };
}

/** Hands each request its view of the gate, and gives back the slot it took once the request is answered. */
export function bodyGate(gate: BodyGate): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let held = false;
    c.set("bodyGate", {
      limits: gate.limits,
      take() {
        if (!held) held = gate.tryAcquire();
        return held;
      },
    });
    try {
      await next();
    } finally {
      if (held) gate.release();
    }
  };
}

function busy(limits: HttpLimits): never {
  throw new GatewayError(
    "busy",
    [
      {
        severity: "error",
        code: "large-bodies-busy",
        path: "",
        message:
          `At most ${limits.maxLargeBodies} bodies over ${limits.largeBodyBytes} bytes are handled at once ` +
          `(GATEWAY_MAX_LARGE_BODIES, GATEWAY_LARGE_BODY_BYTES); retry after ${limits.busyRetryAfterSeconds} s.`,
      },
    ],
    undefined,
    { "Retry-After": String(limits.busyRetryAfterSeconds) },
  );
}

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

const TIMED_OUT = Symbol("timed-out");

/**
 * The whole body, read under the gate's rules. The deadline for the next chunk: start + grace + bytes so far / rate,
 * so a client may pause within the grace period but must then average the minimum rate.
 */
export async function readGatedBody(c: Context<AppEnv>, gate: RequestBodyGate): Promise<Uint8Array> {
  const { limits } = gate;
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array();
  const declared = Number(c.req.header("Content-Length") ?? NaN);
  let large = declared > limits.largeBodyBytes;
  if (large && !gate.take()) busy(limits);
  const reader: ReadableStreamDefaultReader<Uint8Array> = stream.getReader();
  const started = performance.now();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const wait = started + limits.bodyGraceMs + (total / limits.bodyMinBytesPerSecond) * 1000 - performance.now();
      if (wait <= 0) tooSlow(limits);
      const next = reader.read();
      const result = await Promise.race([
        next,
        new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), wait))),
      ]);
      clearTimeout(timer);
      if (result === TIMED_OUT) {
        // The pending read settles when the connection closes; nothing waits for it.
        next.catch(() => undefined);
        tooSlow(limits);
      }
      if (result.done) break;
      chunks.push(result.value);
      total += result.value.byteLength;
      // A body without a Content-Length becomes large on the way: it takes a slot then, or is refused.
      if (!large && total > limits.largeBodyBytes) {
        large = true;
        if (!gate.take()) busy(limits);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
