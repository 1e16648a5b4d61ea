// The large-body gate (issue 17, point 1): a large body's slot is held until its request is answered, not only while
// it is read (the body is parsed, built, sealed and stored afterwards); over the limit: 503 busy with Retry-After and
// a problem naming the limit; over the body limit: 413 naming it; both variables read from the environment.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { loadEnv } from "../../../src/config/load.js";
import { bodyGate, createBodyGate } from "../../../src/http/body-reader.js";
import { limitBody, readBody } from "../../../src/http/body.js";
import type { AppEnv } from "../../../src/http/env.js";
import { toProblem } from "../../../src/http/problem.js";
import { DEFAULT_HTTP_LIMITS } from "../../../src/http/server-limits.js";

const LARGE = 4096;
const MAX_BODY = 64 * 1024;

/** An app whose one route reads its body through the gate, then waits for the test to let it answer. */
function gatedApp(maxLargeBodies: number, maxHeldBodyBytes = DEFAULT_HTTP_LIMITS.maxHeldBodyBytes) {
  const gate = createBodyGate({ ...DEFAULT_HTTP_LIMITS, largeBodyBytes: LARGE, maxLargeBodies, maxHeldBodyBytes });
  const waiting: (() => void)[] = [];
  const app = new Hono<AppEnv>();
  app.use(bodyGate(gate));
  app.post("/in", limitBody(MAX_BODY), async (c) => {
    const { bytes } = await readBody(c, ["json"], "JSON only");
    if (bytes[0] === 0x21) throw new Error("handler failed"); // "!": the handler fails after reading
    await new Promise<void>((resolve) => waiting.push(resolve));
    return c.json({ read: bytes.byteLength });
  });
  app.onError((err) => toProblem(err, "req-1").response);
  const post = async (size: number, first = "{", chunked = false): Promise<Response> => {
    const body = Buffer.alloc(size, 0x20);
    body[0] = first.charCodeAt(0);
    const headers = { "Content-Type": "application/json" };
    if (!chunked) return app.request("/in", { method: "POST", headers, body });
    // A body without a Content-Length, sent as a stream: it becomes large on the way.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < size; i += 1000) controller.enqueue(body.subarray(i, i + 1000));
        controller.close();
      },
    });
    return app.request("/in", { method: "POST", headers, body: stream, duplex: "half" });
  };
  /** Resolves once `n` handlers are waiting. */
  const handling = async (n: number) => {
    while (waiting.length < n) await new Promise((r) => setTimeout(r, 2));
  };
  const answerAll = () => waiting.splice(0).forEach((resolve) => resolve());
  return { post, handling, answerAll };
}

describe("the large-body gate", () => {
  it("holds a large body's slot while its request is handled, and refuses another with 503 naming the limit", async () => {
    const { post, handling, answerAll } = gatedApp(1);
    const first = post(LARGE + 1);
    await handling(1); // the first body is read completely; its handler is still working
    const refused = await post(LARGE + 1);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toBe(String(DEFAULT_HTTP_LIMITS.busyRetryAfterSeconds));
    expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    const problem = (await refused.json()) as { issues: { code: string; message: string }[] };
    expect(problem.issues[0]?.code).toBe("large-bodies-busy");
    expect(problem.issues[0]?.message).toContain(`At most 1 bodies over ${LARGE} bytes`);
    // A small body is not gated.
    const small = post(100);
    await handling(2);
    answerAll();
    expect((await first).status).toBe(200);
    expect((await small).status).toBe(200);
    // The slot is free once the first is answered.
    const again = post(LARGE + 1);
    await handling(1);
    answerAll();
    expect((await again).status).toBe(200);
  });

  it("takes the slot on the way for a body without a Content-Length", async () => {
    const { post, handling, answerAll } = gatedApp(1);
    const first = post(LARGE * 2, "{", true);
    await handling(1);
    expect((await post(LARGE * 2, "{", true)).status).toBe(503);
    answerAll();
    expect((await first).status).toBe(200);
  });

  it("gives the slot back when the handler fails", async () => {
    const { post, handling, answerAll } = gatedApp(1);
    expect((await post(LARGE + 1, "!")).status).toBe(500);
    const next = post(LARGE + 1);
    await handling(1);
    answerAll();
    expect((await next).status).toBe(200);
  });

  it("counts up to the configured number of large bodies", async () => {
    const { post, handling, answerAll } = gatedApp(2);
    const both = [post(LARGE + 1), post(LARGE + 1)];
    await handling(2);
    expect((await post(LARGE + 1)).status).toBe(503);
    answerAll();
    expect((await Promise.all(both)).map((r) => r.status)).toEqual([200, 200]);
  });

  it("counts the bytes of large bodies held whole against the budget until each is answered", async () => {
    const { post, handling, answerAll } = gatedApp(8, 3 * LARGE);
    const first = post(2 * LARGE);
    await handling(1);
    const refused = await post(LARGE + 1); // 2 L + L + 1 > 3 L: refused on its Content-Length, before it is read
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toBe(String(DEFAULT_HTTP_LIMITS.busyRetryAfterSeconds));
    const problem = (await refused.json()) as { issues: { code: string; message: string }[] };
    expect(problem.issues[0]?.code).toBe("held-bodies-busy");
    expect(problem.issues[0]?.message).toContain(`at most ${3 * LARGE} bytes`);
    expect(problem.issues[0]?.message).toContain("GATEWAY_MAX_HELD_BODY_BYTES");
    // A small body is not counted; one that still fits is taken.
    const small = post(LARGE - 1);
    const fits = post(LARGE);
    await handling(3);
    answerAll();
    expect((await Promise.all([first, small, fits])).map((r) => r.status)).toEqual([200, 200, 200]);
    // All given back once answered: the whole budget again.
    const whole = post(3 * LARGE);
    await handling(1);
    answerAll();
    expect((await whole).status).toBe(200);
  });

  it("counts a body without a Content-Length as it grows, and gives back what a refused one counted", async () => {
    const { post, handling, answerAll } = gatedApp(8, 4 * LARGE);
    const first = post(2 * LARGE, "{", true);
    await handling(1);
    // Refused on the way, once it grows past what is left (2 L).
    expect((await post(3 * LARGE, "{", true)).status).toBe(503);
    // What the refused one had counted is given back: exactly the 2 L left fit.
    const second = post(2 * LARGE);
    await handling(2);
    answerAll();
    expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
  });

  it("gives the held bytes back when the handler fails", async () => {
    const { post, handling, answerAll } = gatedApp(8, 2 * LARGE);
    expect((await post(2 * LARGE, "!")).status).toBe(500);
    const next = post(2 * LARGE);
    await handling(1);
    answerAll();
    expect((await next).status).toBe(200);
  });

  it("answers 413 naming the limit to a body over the body limit, before the gate", async () => {
    const { post } = gatedApp(1);
    const answer = await post(MAX_BODY + 1);
    expect(answer.status).toBe(413);
    expect(answer.headers.get("Connection")).toBe("close");
    const problem = (await answer.json()) as { issues: { code: string; message: string }[] };
    expect(problem.issues[0]).toMatchObject({ code: "body-too-large" });
    expect(problem.issues[0]?.message).toContain(String(MAX_BODY));
  });

  it("reads GATEWAY_LARGE_BODY_BYTES and GATEWAY_MAX_LARGE_BODIES", () => {
    const env = loadEnv({ GATEWAY_LARGE_BODY_BYTES: "10485760", GATEWAY_MAX_LARGE_BODIES: "2" });
    expect(env.ok && env.value.httpLimits).toEqual({ largeBodyBytes: 10485760, maxLargeBodies: 2 });
    expect(loadEnv({}).ok && "httpLimits" in (loadEnv({}) as { value: object }).value).toBe(false);
    const bad = loadEnv({ GATEWAY_LARGE_BODY_BYTES: "1e7", GATEWAY_MAX_LARGE_BODIES: "0" });
    expect(bad.issues.map((i) => i.path)).toEqual(["GATEWAY_LARGE_BODY_BYTES", "GATEWAY_MAX_LARGE_BODIES"]);
  });

  it("reads GATEWAY_MAX_HELD_BODY_BYTES, never below the body limit; the default grows with a larger body limit", () => {
    const set = loadEnv({ GATEWAY_MAX_HELD_BODY_BYTES: "536870912" });
    expect(set.ok && set.value.httpLimits).toEqual({ maxHeldBodyBytes: 536870912 });
    const below = loadEnv({ GATEWAY_MAX_BODY_BYTES: "2048", GATEWAY_MAX_HELD_BODY_BYTES: "1024" });
    expect(below.issues.map((i) => i.path)).toEqual(["GATEWAY_MAX_HELD_BODY_BYTES"]);
    expect(loadEnv({ GATEWAY_MAX_HELD_BODY_BYTES: "12k" }).issues.map((i) => i.path)).toEqual([
      "GATEWAY_MAX_HELD_BODY_BYTES",
    ]);
    const grown = loadEnv({ GATEWAY_MAX_BODY_BYTES: String(300 * 1024 * 1024) });
    expect(grown.ok && grown.value.httpLimits).toEqual({ maxHeldBodyBytes: 300 * 1024 * 1024 });
  });
});
