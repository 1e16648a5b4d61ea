// Operations: one API process and two worker processes against one Redis. 2,000 letters are each delivered exactly
// once, and both workers take part.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "../../support/shared.js";
import { eventually, GLN, KEYS, rawRedis, startTestGateway, type TestGateway } from "../../support/gateway.js";
import { spawnGateway, type GatewayProcess } from "../../support/process.js";

const TOTAL = 2000;
let api: TestGateway;
const workers: GatewayProcess[] = [];
beforeAll(async () => {
  api = await startTestGateway({ role: "api" });
  for (let i = 0; i < 2; i++) {
    workers.push(
      spawnGateway(["serve", "--role", "worker"], {
        REDIS_URL: api.redisUrl,
        GATEWAY_KEY_PREFIX: api.prefix,
        GATEWAY_ENCRYPTION_KEY_FILE: api.keyringPath,
      }),
    );
  }
});
afterAll(async () => {
  for (const w of workers) {
    w.child.kill("SIGTERM");
    await w.exited;
  }
  await api.stop();
});

describe("several worker processes", () => {
  it("share 2,000 deliveries, each exactly once", async () => {
    const letter = JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object;
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < TOTAL) {
          next += 1;
          const response = await api.request("POST", "/v1/messages", { key: KEYS.ppr, json: letter });
          expect(response.status).toBe(202);
          ids.push(((await response.json()) as { id: string }).id);
        }
      }),
    );
    const redis = rawRedis(api.redisUrl);
    await eventually(
      async () => ((await redis.zcard(`${api.prefix}:status:delivered`)) === TOTAL ? true : undefined),
      120_000,
      "all delivered",
    );
    expect(await redis.zcard(`${api.prefix}:mailbox:${GLN.gp}`)).toBe(TOTAL);
    const byWorker = new Map<string, number>();
    for (const id of ids) {
      const events = (await redis.lrange(`${api.prefix}:msg:${id}:events`, 0, -1)).map(
        (e) => JSON.parse(e) as { type: string; detail?: { worker?: string; outcome?: string } },
      );
      expect(events.filter((e) => e.type === "delivered")).toHaveLength(1);
      const worker =
        events.find((e) => e.type === "delivery-attempt" && e.detail?.outcome === "delivered")?.detail?.worker ?? "";
      byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
    }
    redis.disconnect();
    expect(byWorker.size).toBe(2);
    for (const count of byWorker.values()) expect(count).toBeGreaterThan(TOTAL / 10);
  }, 180_000);
});
