// Large bodies over HTTP (issue 17, point 1): a compose request or FHIR JSON Bundle over GATEWAY_LARGE_BODY_BYTES
// streams through the JSON detacher into the blob store; a small one is read whole as before. Corrupt base64 in a
// large attachment is a 422 naming its path, a document too large without its attachment data a 413, and no blob
// remains after any refusal. The whole app on the in-memory ports, with a small large-body threshold.
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/http/app.js";
import { createMetrics, type MetricsSources } from "../../../src/http/metrics.js";
import { DETACH_THRESHOLD_CHARS } from "../../../src/http/detaching.js";
import { DEFAULT_HTTP_LIMITS } from "../../../src/http/server-limits.js";
import { silentLogger } from "../../../src/log.js";
import type { SessionStore } from "../../../src/store/session-store.js";
import { composeWithAttachment } from "../../support/detached.js";
import { memoryGateway } from "../../support/memory-gateway.js";

const LARGE = 4096;
const KEY = "demo-ppr-gribskov-key";
/** 96 KiB of base64: over the detacher's 64 KiB threshold. */
const BIG = Buffer.alloc(72 * 1024, 0x25).toString("base64");

function setup(limits: Partial<typeof DEFAULT_HTTP_LIMITS> = { largeBodyBytes: LARGE }) {
  const gateway = memoryGateway();
  // The gateway's own blob store: it shares its state with the message store, whose accept keeps the blobs.
  const { blobs } = gateway.ports;
  let created = 0;
  gateway.deps.blobs = {
    ...blobs,
    create: () => {
      created++;
      return blobs.create();
    },
  };
  const sources = {
    counters: gateway.ports.counters,
    queues: [],
    overdueAcknowledgements: () => Promise.resolve(0),
  } as MetricsSources;
  const sessions: SessionStore = {
    get: () => Promise.resolve(undefined),
    create: () => Promise.reject(new Error("not in this test")),
    destroy: () => Promise.reject(new Error("not in this test")),
  };
  const app = createApp({
    deps: gateway.deps,
    metrics: createMetrics(sources),
    readiness: () => Promise.resolve({ ready: true, checks: {} }),
    maxBodyBytes: 32 * 1024 * 1024,
    log: silentLogger(),
    sessions,
    queues: [],
    httpLimits: { ...DEFAULT_HTTP_LIMITS, ...limits },
  });
  const post = (body: string, type = "application/json", stream = false) => {
    const headers = { Authorization: `Bearer ${KEY}`, "Content-Type": type };
    if (!stream) return app.request("/v1/messages", { method: "POST", headers, body });
    // Without a Content-Length: the body becomes large on the way.
    const bytes = new TextEncoder().encode(body);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    return app.request("/v1/messages", { method: "POST", headers, body: chunks, duplex: "half" });
  };
  return { gateway, blobs, post, created: () => created };
}

interface Problem {
  status: number;
  issues: { code: string; path: string; message: string }[];
}

describe("large bodies through the detacher", () => {
  it("refuses corrupt base64 in a large attachment with 422 naming the path, leaving no blob", async () => {
    for (const stream of [false, true]) {
      const { blobs, post, created } = setup();
      const corrupt = `${BIG.slice(0, 80_000)}*${BIG.slice(80_001)}`;
      const answer = await post(JSON.stringify(composeWithAttachment(corrupt)), "application/json", stream);
      expect(answer.status).toBe(422);
      expect(answer.headers.get("Connection")).toBe("close");
      const problem = (await answer.json()) as Problem;
      expect(problem.issues[0]).toMatchObject({ code: "base64", path: "/attachments/0/data" });
      expect(problem.issues[0]?.message).toContain("offset 80000");
      expect(created()).toBe(1);
      expect(blobs.blobs.size).toBe(0);
    }
  });

  it("refuses a large FHIR JSON Bundle's corrupt attachment at its JSON pointer", async () => {
    const { post, gateway } = setup();
    const first = await post(JSON.stringify(composeWithAttachment("QUJD")));
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    const bundle = JSON.parse((await gateway.deps.store.content(id)) ?? "") as {
      entry: { resource: { resourceType: string; payload?: { contentAttachment?: { data?: string } }[] } }[];
    };
    const at = bundle.entry.findIndex((e) => e.resource.resourceType === "Communication");
    const payload = bundle.entry[at]?.resource.payload ?? [];
    const k = payload.findIndex((p) => p.contentAttachment?.data === "QUJD");
    (payload[k]?.contentAttachment as { data: string }).data = `${BIG}!`;
    const { blobs, post: postAgain } = setup();
    const answer = await postAgain(JSON.stringify(bundle), "application/fhir+json");
    expect(answer.status).toBe(422);
    const problem = (await answer.json()) as Problem;
    expect(problem.issues[0]).toMatchObject({
      code: "base64",
      path: `/entry/${at}/resource/payload/${k}/contentAttachment/data`,
    });
    expect(blobs.blobs.size).toBe(0);
  });

  it("refuses a large body too large without its attachment data with 413", async () => {
    const { blobs, post } = setup();
    const request = { ...composeWithAttachment(BIG), text: "x".repeat(9 * 1024 * 1024) };
    const answer = await post(JSON.stringify(request));
    expect(answer.status).toBe(413);
    expect(answer.headers.get("Connection")).toBe("close");
    expect(((await answer.json()) as Problem).issues[0]).toMatchObject({ code: "document-too-large", path: "/text" });
    expect(blobs.blobs.size).toBe(0);
  });

  it("reads a small body whole, as before: no blob is opened", async () => {
    const { post, created } = setup();
    const answer = await post(JSON.stringify(composeWithAttachment("QUJD")));
    expect(answer.status).toBe(202);
    expect(created()).toBe(0);
  });

  it("refuses a malformed large body with 400 and deletes the blob it had begun", async () => {
    const { blobs, post } = setup();
    const answer = await post(`{"attachments":[{"data":"${BIG}"}],}`);
    expect(answer.status).toBe(400);
    expect(blobs.blobs.size).toBe(0);
  });

  it("deletes the blobs of a large request the use case refuses (before the store)", async () => {
    const { blobs, post, created } = setup();
    const answer = await post(JSON.stringify({ ...composeWithAttachment(BIG), receiver: "not-a-gln" }));
    expect(answer.status).toBe(422);
    expect(created()).toBe(1);
    expect(blobs.blobs.size).toBe(0);
  });

  // Needs the MedCom core's part of issue 17 (tokens known to the compose check and the validator): skipped on the
  // branches built in parallel until it is merged, run after.
  it("accepts a large compose request with a detached attachment; the stored content holds the token", async () => {
    const { gateway, blobs, post } = setup();
    const answer = await post(JSON.stringify(composeWithAttachment(BIG)));
    expect(answer.status).toBe(202);
    const { id } = (await answer.json()) as { id: string };
    const content = (await gateway.deps.store.content(id)) ?? "";
    expect(content).not.toContain(BIG.slice(0, 100));
    const [blobId] = [...blobs.blobs.keys()];
    expect(content).toContain(`"detached:${blobId}"`);
    expect(Buffer.concat(blobs.blobs.get(blobId as string) ?? []).toString("base64")).toBe(BIG);
  });
});

// Every attachment over the threshold is detached, whatever the body's size (issue 17, point 3): a body under
// GATEWAY_LARGE_BODY_BYTES is read whole and then put through the same detacher, without taking a large-body slot.
describe("bodies under the large-body size with an attachment over the threshold", () => {
  // No large-body slot at all: a body that took one would be answered 503.
  const limits = { maxLargeBodies: 0 };

  it("detach the attachment into a blob; the stored content holds the token", async () => {
    for (const stream of [false, true]) {
      const { gateway, blobs, post } = setup(limits);
      const answer = await post(JSON.stringify(composeWithAttachment(BIG)), "application/json", stream);
      expect(answer.status).toBe(202);
      const { id } = (await answer.json()) as { id: string };
      const content = (await gateway.deps.store.content(id)) ?? "";
      const [blobId] = [...blobs.blobs.keys()];
      expect(content).toContain(`"detached:${blobId}"`);
      expect(content).not.toContain(BIG.slice(0, 100));
      expect(Buffer.concat(blobs.blobs.get(blobId as string) ?? []).toString("base64")).toBe(BIG);
    }
  });

  it("keep an attachment at the threshold in the document: no blob is opened", async () => {
    const { gateway, post, created } = setup(limits);
    const atThreshold = Buffer.alloc((DETACH_THRESHOLD_CHARS / 4) * 3, 0x25).toString("base64");
    const body = JSON.stringify(composeWithAttachment(atThreshold));
    expect(body.length).toBeGreaterThan(DETACH_THRESHOLD_CHARS);
    const answer = await post(body);
    expect(answer.status).toBe(202);
    expect(created()).toBe(0);
    const { id } = (await answer.json()) as { id: string };
    expect(await gateway.deps.store.content(id)).toContain(atThreshold);
  });

  it("read a body over 64 KiB without any value that long as an ordinary body: no blob", async () => {
    const { post, created } = setup(limits);
    const request = composeWithAttachment(Buffer.alloc(45 * 1024, 0x25).toString("base64"));
    const attachments = request.attachments as Record<string, unknown>[];
    request.attachments = [attachments[0], { ...attachments[0], title: "Bilag 2" }];
    const body = JSON.stringify(request);
    expect(body.length).toBeGreaterThan(DETACH_THRESHOLD_CHARS);
    const answer = await post(body);
    expect(answer.status).toBe(202);
    expect(created()).toBe(0);
  });

  it("refuse corrupt base64 with 422 at its path and offset, leaving no blob", async () => {
    const { blobs, post } = setup(limits);
    const answer = await post(JSON.stringify(composeWithAttachment(`${BIG.slice(0, 70_000)}-${BIG.slice(70_001)}`)));
    expect(answer.status).toBe(422);
    const problem = (await answer.json()) as Problem;
    expect(problem.issues[0]).toMatchObject({ code: "base64", path: "/attachments/0/data" });
    expect(problem.issues[0]?.message).toContain("offset 70000");
    expect(blobs.blobs.size).toBe(0);
  });
});
