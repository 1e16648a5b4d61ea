// A request body as a pull reader of chunks (issue 17, point 3). Under @hono/node-server the chunks come straight from
// Node's IncomingMessage: reaching for `c.req.raw.body` there builds a native web Request around the light one, a
// ReadableStream around `Readable.toWeb(incoming)` and an AbortSignal for every request (~3 % of the API's CPU under
// the bench), for a body that is then read chunk by chunk anyway. Elsewhere (Hono's `app.request` in tests, another
// runtime) the web stream is read as before.
import type { Readable } from "node:stream";
import type { Context } from "hono";
import type { AppEnv } from "./env.js";

export type ChunkResult = { done: true; value?: undefined } | { done: false; value: Uint8Array };

export interface BodyChunks {
  /** The next chunk, or done; rejects when the connection fails before the body ends. */
  read(): Promise<ChunkResult>;
  /**
   * True when the next read needs nothing more from the client: a chunk is already here (queued, or buffered in the
   * stream), or the whole body has been received (Node's `IncomingMessage.complete`). Such a read needs no deadline.
   */
  received?(): boolean;
}

/** A client that went away before its body ended (as the web stream reports it). */
class BodyAborted extends Error {
  constructor() {
    super("The client closed the connection before its body ended.");
    this.name = "AbortError";
  }
}

/**
 * Chunks of a Node stream, each as the socket delivered it (no copying). The stream flows only while a read waits:
 * paused in between, so a slow consumer (the blob store, for a detached body) holds the client back through TCP.
 */
export function nodeBodyChunks(stream: Readable, received?: () => boolean): BodyChunks {
  const queued: Uint8Array[] = [];
  let ended = false;
  let failed: Error | undefined;
  let waiting: { resolve: (r: ChunkResult) => void; reject: (e: Error) => void } | undefined;
  const settle = (): void => {
    const w = waiting;
    if (!w) return;
    const chunk = queued.shift();
    if (chunk) {
      waiting = undefined;
      stream.pause();
      w.resolve({ done: false, value: chunk });
    } else if (failed) {
      waiting = undefined;
      w.reject(failed);
    } else if (ended) {
      waiting = undefined;
      w.resolve({ done: true });
    }
  };
  const onData = (chunk: Buffer | string): void => {
    queued.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
    settle();
  };
  const onEnd = (): void => {
    ended = true;
    cleanup();
    settle();
  };
  const onError = (err: Error): void => {
    failed ??= err;
    cleanup();
    settle();
  };
  const onClose = (): void => {
    if (!ended) failed ??= new BodyAborted();
    cleanup();
    settle();
  };
  const cleanup = (): void => {
    stream.off("data", onData);
    stream.off("end", onEnd);
    stream.off("error", onError);
    stream.off("close", onClose);
  };
  stream.on("data", onData);
  stream.on("end", onEnd);
  stream.on("error", onError);
  stream.on("close", onClose);
  stream.pause();
  // A stream already finished or failed says so on the first read.
  if (stream.readableEnded) ended = true;
  else if (stream.errored) failed = stream.errored;
  else if (stream.destroyed) failed = new BodyAborted();
  return {
    received: () =>
      queued.length > 0 || ended || failed !== undefined || stream.readableLength > 0 || (received?.() ?? false),
    read() {
      const chunk = queued.shift();
      if (chunk) return Promise.resolve({ done: false, value: chunk });
      if (failed) return Promise.reject(failed);
      if (ended) return Promise.resolve({ done: true });
      return new Promise<ChunkResult>((resolve, reject) => {
        waiting = { resolve, reject };
        stream.resume();
      });
    },
  };
}

/** The web stream's reader as BodyChunks. */
const webBodyChunks = (stream: ReadableStream<Uint8Array>): BodyChunks => {
  const reader = stream.getReader();
  return { read: () => reader.read() as Promise<ChunkResult> };
};

/**
 * The request's body chunks, or undefined when it has none. The Node request is read directly only while nobody has
 * read from it (a middleware that replaced the request with a buffered copy has; its copy is read then).
 */
export function bodyChunks(c: Context<AppEnv>): BodyChunks | undefined {
  const incoming = (c.env as AppEnv["Bindings"] | undefined)?.incoming;
  if (incoming && !incoming.readableDidRead && !c.req.raw.bodyUsed) {
    return nodeBodyChunks(incoming, () => incoming.complete);
  }
  const stream = c.req.raw.body;
  return stream ? webBodyChunks(stream) : undefined;
}
