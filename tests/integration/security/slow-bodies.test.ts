// Slow and large requests (issue 11, point 18), over raw sockets: a body trickling in below the minimum rate gets
// 408 after the grace period, a large body beyond the concurrent-large-bodies limit gets 503 busy with Retry-After
// before it is read, and headers that never finish are cut off by Node's headersTimeout.
import { describe, expect, it } from "vitest";
import { KEYS, gatewayForFile } from "../../support/gateway.js";
import { rawHttpExchange } from "../../support/raw-http.js";

const GRACE_MS = 800;
const gateway = gatewayForFile({
  env: {
    httpLimits: {
      bodyGraceMs: GRACE_MS,
      bodyMinBytesPerSecond: 16 * 1024,
      largeBodyBytes: 4096,
      maxLargeBodies: 1,
      headersTimeoutMs: 600,
      connectionsCheckingIntervalMs: 100,
    },
  },
});
const port = () => Number(new URL(gateway.url).port);

const head = (length: number) =>
  [
    "POST /v1/messages HTTP/1.1",
    "Host: gateway",
    `Authorization: Bearer ${KEYS.ppr}`,
    "Content-Type: application/json",
    `Content-Length: ${length}`,
    "",
    "",
  ].join("\r\n");

describe("slow and large bodies", () => {
  it("answers 408 to a body that trickles in below the minimum rate once the grace period is over", async () => {
    const answer = await rawHttpExchange(port(), [head(100_000), "{", '"a', '":', " 1"], { gapMs: 200 });
    expect(answer.status).toBe(408);
    expect(answer.headers.connection).toBe("close");
    expect(answer.ms).toBeGreaterThanOrEqual(GRACE_MS - 50);
  });

  it("answers 503 busy with Retry-After to a large body while the large-body slots are taken", async () => {
    // The first large body holds the only slot (it stalls until its own 408).
    const holder = rawHttpExchange(port(), [head(100_000), "{"]);
    await new Promise((r) => setTimeout(r, 150));
    const refused = await rawHttpExchange(port(), [head(50_000)]);
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
    expect((await holder).status).toBe(408);
    // The slot is free again: a large body sent at once is read (and then judged on its content).
    const body = JSON.stringify({ padding: "x".repeat(8000) });
    const read = await rawHttpExchange(port(), [head(Buffer.byteLength(body)) + body]);
    expect([400, 422]).toContain(read.status);
  });

  it("a small body sent at once is not affected", async () => {
    const body = "{}";
    const answer = await rawHttpExchange(port(), [head(body.length) + body]);
    expect([400, 422]).toContain(answer.status);
  });

  it("cuts off a request whose headers never finish (headersTimeout)", async () => {
    const answer = await rawHttpExchange(port(), ["POST /v1/messages HTTP/1.1\r\nHost: gateway\r\n", "X-Slow: 1\r\n"], {
      gapMs: 300,
      timeoutMs: 5000,
    });
    expect([0, 408]).toContain(answer.status);
    expect(answer.ms).toBeLessThan(3000);
  });
});
