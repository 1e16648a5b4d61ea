// A Node request body as chunks (issue 17, point 3): `received()` says when the next read needs nothing more from
// the client — the body reader races only the other reads against its slow-body deadline.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { nodeBodyChunks } from "../../../src/http/body-chunks.js";

const text = (value: Uint8Array | undefined) => Buffer.from(value ?? []).toString("utf8");
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("nodeBodyChunks.received", () => {
  it("is false while the next read would wait for the client, true once bytes are buffered", async () => {
    const stream = new PassThrough();
    const chunks = nodeBodyChunks(stream);
    expect(chunks.received?.()).toBe(false);
    const first = chunks.read();
    stream.write("a");
    expect(text((await first).value)).toBe("a");
    await tick();
    expect(chunks.received?.()).toBe(false); // nothing more has come: the next read waits for the client
    stream.write("bc"); // arrives while the reader is paused: buffered in the stream
    expect(chunks.received?.()).toBe(true);
    expect(text((await chunks.read()).value)).toBe("bc");
  });

  it("is true once the whole message is in (the parser's `complete`), and the reads then give the rest", async () => {
    const stream = new PassThrough();
    let complete = false;
    const chunks = nodeBodyChunks(stream, () => complete);
    const first = chunks.read();
    stream.end("whole");
    complete = true;
    expect(text((await first).value)).toBe("whole");
    expect(chunks.received?.()).toBe(true);
    expect(await chunks.read()).toEqual({ done: true });
  });

  it("is true for a failed body: its read rejects at once", async () => {
    const stream = new PassThrough();
    const chunks = nodeBodyChunks(stream);
    stream.destroy(new Error("connection reset"));
    await tick();
    expect(chunks.received?.()).toBe(true);
    await expect(chunks.read()).rejects.toThrow("connection reset");
  });
});
