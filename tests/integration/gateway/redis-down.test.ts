// Redis goes away while letters are being submitted: every answer is either 202 (stored whole) or 503 (retry), no
// record is ever half-written, and retrying every 503 with its Idempotency-Key after Redis is back loses nothing and
// doubles nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "../../support/shared.js";
import { eventually, KEYS, rawRedis, startTestGateway, type TestGateway } from "../../support/gateway.js";
import { startRedisServer, type TestRedis } from "../../support/redis.js";

let redis: TestRedis;
let gateway: TestGateway;
beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: true });
  gateway = await startTestGateway({ redisUrl: redis.url });
});
afterAll(async () => {
  await gateway.stop();
  await redis.remove();
});

const letter = JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object;
const submit = (key: string) =>
  gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json: letter, headers: { "Idempotency-Key": key } });

async function storedRecords(): Promise<{ id: string; complete: boolean }[]> {
  const raw = rawRedis(redis.url);
  const keys = (await raw.keys(`${gateway.prefix}:msg:*`)).filter((k) => !/:(content|events)$/.test(k));
  const records = await Promise.all(
    keys.map(async (key) => {
      const id = key.slice(key.lastIndexOf(":") + 1);
      const [content, events] = await Promise.all([raw.exists(`${key}:content`), raw.llen(`${key}:events`)]);
      return { id, complete: content === 1 && events > 0 };
    }),
  );
  raw.disconnect();
  return records;
}

describe("Redis unavailable", () => {
  it("answers 503 while Redis is down, stores nothing, and is ready again when Redis returns", async () => {
    expect((await submit("before")).status).toBe(202);
    await redis.stop();
    const refused = await submit("while-down");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(((await refused.json()) as { issues: { code: string }[] }).issues[0]?.code).toBe("store-unavailable");
    const notReady = await gateway.request("GET", "/readyz");
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ failing: "redis", checks: { redis: "unreachable" } });

    await redis.start();
    await eventually(async () => ((await gateway.request("GET", "/readyz")).status === 200 ? true : undefined));
    const records = await storedRecords();
    expect(records).toHaveLength(1);
    expect((await submit("while-down")).status).toBe(202);
  });

  it("loses and doubles nothing when Redis stops in the middle of a burst of submissions", async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const answers = new Map<string, number>();
    const burst = Promise.all(
      keys.map(async (key, i) => {
        await new Promise((r) => setTimeout(r, i * 3));
        answers.set(key, (await submit(key)).status);
      }),
    );
    await new Promise((r) => setTimeout(r, 60));
    await redis.stop();
    await burst;
    expect([...answers.values()].every((s) => s === 202 || s === 503)).toBe(true);

    await redis.start();
    await eventually(async () => ((await gateway.request("GET", "/readyz")).status === 200 ? true : undefined));
    expect((await storedRecords()).every((r) => r.complete)).toBe(true);

    // The client retries every 503 with the same key: stored ones answer 200, the others are accepted now.
    for (const [key, status] of answers) if (status === 503) expect([200, 202]).toContain((await submit(key)).status);
    const ids = new Set<string>();
    for (const key of keys) {
      const again = await submit(key);
      expect(again.status).toBe(200);
      ids.add(((await again.json()) as { id: string }).id);
    }
    expect(ids.size).toBe(keys.length);
    const records = await storedRecords();
    // "before", "while-down" from the first test, and one per burst key: nothing lost, nothing doubled.
    expect(records).toHaveLength(keys.length + 2);
    expect(records.every((r) => r.complete)).toBe(true);
  });
});
