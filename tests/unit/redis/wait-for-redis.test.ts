// Issue 12, point 6: waiting for an external Redis that is not there yet — backoff, log lines, clean abort.
import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { createLogger } from "../../../src/log.js";
import {
  describeRedisUrl,
  retryDelayMs,
  waitForExternalRedis,
  type RedisProbe,
} from "../../../src/redis/wait-for-redis.js";

function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as never);
      done();
    },
  });
  return { log: createLogger("info", sink), lines };
}

/** A clock the fake sleep advances: no real waiting. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe("waiting for Redis at start (issue 12, point 6)", () => {
  it("backs off from 0.5 s to a 5 s cap", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("retries until Redis answers, logging a line every few seconds without a stack", async () => {
    const { log, lines } = capturingLog();
    const time = fakeTime();
    let tries = 0;
    const probe: RedisProbe = () => Promise.resolve(++tries < 10 ? "ECONNREFUSED" : undefined);
    const ok = await waitForExternalRedis({
      url: "redis://user:s3cret@redis.example:6380/2",
      log,
      signal: new AbortController().signal,
      probe,
      ...time,
    });
    expect(ok).toBe(true);
    expect(tries).toBe(10);
    expect(time.sleeps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000]);
    const waiting = lines.filter((l) => String(l.msg).startsWith("waiting for Redis"));
    // 32.5 s of waiting: a line at first and then at least 5 s apart, not one per try.
    expect(waiting.length).toBeGreaterThanOrEqual(4);
    expect(waiting.length).toBeLessThan(9);
    expect(waiting[0]).toMatchObject({ redis: "redis.example:6380/2", reason: "ECONNREFUSED", level: 40 });
    expect(JSON.stringify(lines)).not.toContain("s3cret");
    expect(JSON.stringify(lines)).not.toContain("stack");
    expect(lines.at(-1)).toMatchObject({ msg: "Redis is reachable", redis: "redis.example:6380/2" });
  });

  it("answers at once and says nothing when Redis is there", async () => {
    const { log, lines } = capturingLog();
    const ok = await waitForExternalRedis({
      url: "redis://127.0.0.1:1",
      log,
      signal: new AbortController().signal,
      probe: () => Promise.resolve(undefined),
    });
    expect(ok).toBe(true);
    expect(lines).toEqual([]);
  });

  it("stops waiting when aborted (SIGTERM), reporting false", async () => {
    const { log } = capturingLog();
    const abort = new AbortController();
    let tries = 0;
    const ok = await waitForExternalRedis({
      url: "redis://127.0.0.1:1",
      log,
      signal: abort.signal,
      probe: () => {
        if (++tries === 3) abort.abort();
        return Promise.resolve("ECONNREFUSED");
      },
      ...fakeTime(),
    });
    expect(ok).toBe(false);
    expect(tries).toBe(3);
  });

  it("never logs a URL's credentials", () => {
    expect(describeRedisUrl("rediss://default:pw@host")).toBe("host:6379");
    expect(describeRedisUrl("not a url")).toBe("(unparsable REDIS_URL)");
  });
});
