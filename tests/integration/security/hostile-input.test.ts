// The hostile corpus (test-fixtures/hostile/) against the running API: every case gets a clear 4xx, the gateway keeps
// serving, and its memory stays bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileCases, type HostileCase } from "../../../test-fixtures/hostile/cases.js";
import { KEYS, rawRedis, startTestGateway, submitLetter, type TestGateway } from "../../support/gateway.js";
import { retainedBytes } from "../../support/memory.js";
import { rawHttp } from "../../support/raw-http.js";
import { sendBody, type BodyAnswer } from "../../support/send-body.js";

let gateway: TestGateway;
const rss = () => process.memoryUsage().rss;
let rssBefore = 0;
let peak = 0;
/** Cases whose answer was lost to the gateway closing the connection while their body was being sent. */
const cutOff: string[] = [];
beforeAll(async () => {
  gateway = await startTestGateway();
  rssBefore = rss();
});
afterAll(async () => {
  await gateway.stop();
});

const keyOf = (c: HostileCase) => (c.as === "none" ? undefined : c.as === "gp" ? KEYS.gp : KEYS.ppr);

/** One case, over sendBody (send-body.ts): a 413 sent while the body is still going out is read as such. */
async function send(c: HostileCase): Promise<BodyAnswer> {
  const key = keyOf(c);
  if (c.raw)
    return { status: await rawHttp(gateway.running.port ?? 0, c.raw.replace("{key}", key ?? "")), contentType: null };
  const headers: Record<string, string> = { ...c.headers };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (c.contentType) headers["Content-Type"] = c.contentType;
  const body = c.body === undefined ? undefined : typeof c.body === "string" ? Buffer.from(c.body, "utf8") : c.body;
  return sendBody(`${gateway.url}${c.path}`, { method: c.method, headers, body, chunked: c.chunked === true });
}

describe("hostile input", () => {
  it("has at least 150 cases", () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(150);
  });

  it.each(hostileCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { status, contentType, resetWhileSending } = await send(c);
    if (resetWhileSending) {
      // Only a body refused for its size may be cut off, and only by a gateway that is still up (not one that fell
      // over); how often it happens is bounded below, so a gateway that drops such requests unanswered fails.
      cutOff.push(c.name);
      expect(c.status, "connection closed while sending a body not refused for its size").toBe(413);
      expect((await gateway.request("GET", "/healthz")).status).toBe(200);
    } else {
      if (c.status !== undefined) expect(status).toBe(c.status);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      // The gateway's own answers are problem documents; raw protocol errors come from Node's HTTP parser.
      if (!c.raw) expect(contentType).toBe("application/problem+json");
    }
    peak = Math.max(peak, rss());
  });

  it("answered (most) oversized bodies with a 413 rather than by closing the connection", () => {
    // Losing the answer to the close is a race the client rarely loses (none in the runs that set this bound); a
    // gateway that closed instead of answering would lose every one.
    const oversized = hostileCases.filter((c) => c.status === 413 && !c.raw).length;
    expect(oversized).toBeGreaterThan(0);
    expect(cutOff.length, cutOff.join(", ")).toBeLessThanOrEqual(Math.floor(oversized / 2));
  });

  // Refused means refused before anything is kept (issue 11, point 1): no message record, conversation, mailbox entry
  // or idempotency key (a hostile raw Bundle once left keys named after its MessageHeader.id).
  it("stored no message, conversation, mailbox entry or idempotency key", async () => {
    const redis = rawRedis(gateway.redisUrl);
    try {
      const keys = (await redis.keys(`${gateway.prefix}:*`)).filter((k) => /:(msg|thread|idem|mailbox):/.test(k));
      expect(keys).toEqual([]);
      expect(await redis.zcard(`${gateway.prefix}:messages`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it("is still serving afterwards, with its memory bounded: more passes over the corpus keep nothing", async () => {
    expect((await gateway.request("GET", "/healthz")).status).toBe(200);
    expect((await submitLetter(gateway)).id).toMatch(/^[0-9a-f-]{36}$/);
    const passOverCorpus = async () => {
      for (const c of hostileCases) {
        const { status } = await send(c);
        expect(status).toBeLessThan(500);
        peak = Math.max(peak, rss());
      }
      return retainedBytes();
    };
    // The first pass (the cases above) and one more warm the process up (compiled schemas, pooled sockets, the letter's
    // delivery); from then on a pass must leave the live memory where it found it.
    const warm = await passOverCorpus();
    const afterAnother = await passOverCorpus();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    // Not leaking: one kept 3-5 MB body per case would be hundreds of megabytes; measured growth here is ~0-3 MB.
    expect(mb(afterAnother - warm)).toBeLessThan(8);
    // Bounded: the whole process (gateway and test runner together) never goes near what an expanded entity or an
    // unbounded body buffer would take; resident size includes garbage not yet collected, hence the generous ceiling.
    expect(mb(peak)).toBeLessThan(1536);
    // What the corpus itself costs, over the process as it stood once the gateway was up (measured ~320 MB: the 5 MB
    // bodies in flight and uncollected garbage); an unbounded buffer or an expanded entity is gigabytes.
    expect(mb(peak - rssBefore)).toBeLessThan(1024);
  });
});
