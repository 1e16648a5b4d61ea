// A worker process killed with SIGKILL in the middle of a batch of 1,000 letters: after a new worker starts, every
// letter is delivered exactly once — none lost with the dead worker's jobs, none put in the mailbox twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "../../support/shared.js";
import { eventually, GLN, KEYS, rawRedis, startTestGateway, type TestGateway } from "../../support/gateway.js";
import { spawnGateway, type GatewayProcess } from "../../support/process.js";

const TOTAL = 1000;
const CONCURRENCY = 32;

let api: TestGateway;
const workers: GatewayProcess[] = [];
beforeAll(async () => {
  api = await startTestGateway({ role: "api" });
});
afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await api.stop();
});

const startWorker = () => {
  const worker = spawnGateway(["serve", "--role", "worker"], {
    REDIS_URL: api.redisUrl,
    GATEWAY_KEY_PREFIX: api.prefix,
    GATEWAY_ENCRYPTION_KEY_FILE: api.keyringPath,
  });
  workers.push(worker);
  return worker;
};

describe("a worker killed mid-batch", () => {
  it("delivers every one of 1,000 messages exactly once after a new worker takes over", async () => {
    const redis = rawRedis(api.redisUrl);
    const mailbox = `${api.prefix}:mailbox:${GLN.gp}`;
    const delivered = () => redis.zcard(`${api.prefix}:status:delivered`);
    const letter = JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object;
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) {
          next += 1;
          const response = await api.request("POST", "/v1/messages", { key: KEYS.ppr, json: letter });
          expect(response.status).toBe(202);
          ids.push(((await response.json()) as { id: string }).id);
        }
      }),
    );
    expect(ids).toHaveLength(TOTAL);

    // The whole batch waits in the queue; a worker starts on it and is killed part-way through.
    const first = startWorker();
    await eventually(async () => ((await delivered()) >= TOTAL / 10 ? true : undefined), 60_000, "a tenth delivered");
    first.child.kill("SIGKILL");
    await first.exited;
    const atKill = await delivered();
    expect(atKill).toBeLessThan(TOTAL);

    startWorker();
    await eventually(async () => ((await delivered()) === TOTAL ? true : undefined), 90_000, "all delivered");

    expect(await redis.zcard(mailbox)).toBe(TOTAL);
    const events = await Promise.all(ids.map((id) => redis.lrange(`${api.prefix}:msg:${id}:events`, 0, -1)));
    const deliveredEvents = events.map((list) => list.filter((e) => e.includes('"type":"delivered"')).length);
    expect(deliveredEvents.every((n) => n === 1)).toBe(true);
    redis.disconnect();
  }, 180_000);
});
