// The body reader's side of detaching (issue 17, point 1), with a fake in place of the FHIR XML detacher (built on
// its own branch): a large application/fhir+xml body streams through it chunk by chunk, in order, the reader waiting
// for each push (back-pressure) without charging that wait to the client's minimum rate; plain application/xml (maybe
// an OIOXML letter) is read whole; the detacher is aborted when the request fails.
import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { bodyGate, createBodyGate } from "../../../src/http/body-reader.js";
import { readBody } from "../../../src/http/body.js";
import type { AppEnv } from "../../../src/http/env.js";
import { toProblem } from "../../../src/http/problem.js";
import { DEFAULT_HTTP_LIMITS } from "../../../src/http/server-limits.js";
import { DetachRefusal, type Detacher } from "../../../src/medcom/detach/detacher.js";
import { createMemoryBlobStore } from "../../../src/store/memory/blob-store.js";

const fake = vi.hoisted(() => ({
  chunks: [] as Uint8Array[],
  aborted: 0,
  delayMs: 0,
  refuseAt: -1,
}));

vi.mock("../../../src/medcom/detach/xml-detacher.js", () => ({
  createXmlDetacher: (): Detacher => {
    let seen = 0;
    return {
      push: async (chunk) => {
        fake.chunks.push(chunk);
        seen += chunk.length;
        if (fake.refuseAt >= 0 && seen > fake.refuseAt)
          throw new DetachRefusal(422, "base64", "Bundle.entry[1].resource.payload[0].content.attachment.data", "bad");
        await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
      },
      end: () => Promise.resolve({ document: new TextEncoder().encode("<Bundle/>"), detached: new Map() }),
      abort: () => {
        fake.aborted++;
        return Promise.resolve();
      },
    };
  },
}));

const LARGE = 4096;

function app(limits = {}) {
  const gate = createBodyGate({ ...DEFAULT_HTTP_LIMITS, largeBodyBytes: LARGE, ...limits });
  const blobs = createMemoryBlobStore();
  const server = new Hono<AppEnv>();
  server.use(bodyGate(gate));
  server.post("/in", async (c) => {
    const body = await readBody(c, ["fhir-xml"], "XML only", blobs);
    return c.json({ text: new TextDecoder().decode(body.bytes).slice(0, 20), size: body.sizeBytes });
  });
  server.onError((err) => toProblem(err, "req-1").response);
  const post = (size: number, type: string, stream = false) => {
    const body = Buffer.alloc(size, 0x41);
    const headers = { "Content-Type": type };
    if (!stream) return server.request("/in", { method: "POST", headers, body });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < size; i += 1000) controller.enqueue(body.subarray(i, i + 1000));
        controller.close();
      },
    });
    return server.request("/in", { method: "POST", headers, body: chunks, duplex: "half" });
  };
  return { post };
}

const reset = () => Object.assign(fake, { chunks: [], aborted: 0, delayMs: 0, refuseAt: -1 });

describe("a large FHIR XML body through its detacher", () => {
  it("streams every chunk in order (those read before it was known to be large first), and answers with the document", async () => {
    for (const stream of [false, true]) {
      reset();
      const answer = await app().post(10_000, "application/fhir+xml", stream);
      expect(await answer.json()).toEqual({ text: "<Bundle/>", size: 10_000 });
      expect(Buffer.concat(fake.chunks)).toEqual(Buffer.alloc(10_000, 0x41));
      if (stream) expect(fake.chunks.length).toBe(10);
    }
  });

  it("reads plain application/xml and small bodies whole", async () => {
    reset();
    const plain = await app().post(10_000, "application/xml");
    expect(await plain.json()).toEqual({ text: "A".repeat(20), size: 10_000 });
    const small = await app().post(100, "application/fhir+xml");
    expect(await small.json()).toEqual({ text: "A".repeat(20), size: 100 });
    expect(fake.chunks.length).toBe(0);
  });

  it("does not charge the time it waits for the blob store to the client's minimum rate", async () => {
    reset();
    fake.delayMs = 40;
    // Without the pause, 10 chunks × 40 ms of waiting would break a 100 ms grace at this rate (408).
    const answer = await app({ bodyGraceMs: 100, bodyMinBytesPerSecond: 1e9 }).post(
      10_000,
      "application/fhir+xml",
      true,
    );
    expect(answer.status).toBe(200);
  });

  it("answers a refusal as its problem, closes the connection and aborts the detacher", async () => {
    reset();
    fake.refuseAt = 6000;
    const answer = await app().post(10_000, "application/fhir+xml", true);
    expect(answer.status).toBe(422);
    expect(answer.headers.get("Connection")).toBe("close");
    const problem = (await answer.json()) as { issues: { code: string; path: string }[] };
    expect(problem.issues[0]).toMatchObject({
      code: "base64",
      path: "Bundle.entry[1].resource.payload[0].content.attachment.data",
    });
    expect(fake.aborted).toBe(1);
  });
});
