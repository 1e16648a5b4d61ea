// Limits against slow and large requests (issue 11, point 18): Node's own timeouts and connection cap, and the
// body-read rules the API's body reader applies (body-reader.ts). One table of defaults; tests shorten them.
import type { Server } from "node:http";

export interface HttpLimits {
  /** Node `server.headersTimeout`: the request line and headers must arrive within this (slowloris on headers). */
  headersTimeoutMs: number;
  /**
   * Node `server.requestTimeout`: the whole request, body included, within this. Generous: a 100 MB letter
   * (DOMAIN.md §1.12) must fit on a slow line; the body-rate rule below catches a trickle long before.
   */
  requestTimeoutMs: number;
  /** Node `server.keepAliveTimeout`: an idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Node `server.maxConnections`: connections beyond this are dropped by Node before any parsing. */
  maxConnections: number;
  /** How often Node checks the two timeouts above (its default, 30 s, would let a slow header run 50 s). */
  connectionsCheckingIntervalMs: number;
  /** After this grace period a body must have arrived at `bodyMinBytesPerSecond` on average (else 408 timeout). */
  bodyGraceMs: number;
  bodyMinBytesPerSecond: number;
  /** A body larger than this counts as large… */
  largeBodyBytes: number;
  /** …and at most this many large bodies are read at once; more get 503 busy with Retry-After. */
  maxLargeBodies: number;
  /**
   * Large bodies of a type no detacher streams (plain application/xml: an OIOXML letter) are held whole: together at
   * most this many bytes per process (issue 17, point 1: memory bounded independently of the message size); past it
   * 503 busy with Retry-After. Never below the body limit, so one body of the largest size always fits.
   */
  maxHeldBodyBytes: number;
  /** Retry-After (seconds) on 503 busy. */
  busyRetryAfterSeconds: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 15 * 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  connectionsCheckingIntervalMs: 2_000,
  bodyGraceMs: 10_000,
  bodyMinBytesPerSecond: 16 * 1024,
  largeBodyBytes: 1024 * 1024,
  maxLargeBodies: 8,
  maxHeldBodyBytes: 256 * 1024 * 1024,
  busyRetryAfterSeconds: 5,
};

/** Options only Node's server constructor takes. */
export function serverOptionsOf(limits: HttpLimits): { connectionsCheckingInterval: number } {
  return { connectionsCheckingInterval: limits.connectionsCheckingIntervalMs };
}

/** Node's timeouts and connection cap on the gateway's HTTP(S) server. */
export function applyServerLimits(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
}
