// Issue 12, point 6: `serve` waits for Redis again when Redis goes away while the process starts (RedisLostAtStartup),
// instead of exiting: a worker that exited so stayed gone, and the fault suite's power-loss case waited for ever for
// its letters. A start refused for any other reason still ends the process.
import { describe, expect, it } from "vitest";
import { RESTART_PAUSE_MS, startRetrying } from "../../../src/cli/start-retrying.js";
import { silentLogger } from "../../../src/log.js";
import { RedisLostAtStartup, StartupError } from "../../../src/startup-error.js";

function script(outcomes: (string | Error)[]) {
  const calls: string[] = [];
  const pauses: number[] = [];
  let n = 0;
  const wait = () => {
    calls.push("wait");
    return Promise.resolve(true);
  };
  const start = () => {
    calls.push("start");
    const outcome = outcomes[n++] ?? new Error("no more outcomes");
    return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
  };
  const pause = (ms: number) => {
    pauses.push(ms);
    return Promise.resolve();
  };
  return { calls, pauses, run: () => startRetrying(wait, start, silentLogger(), pause) };
}

describe("serve's start when Redis goes away meanwhile", () => {
  it("waits for Redis again and starts again after RedisLostAtStartup", async () => {
    const s = script([new RedisLostAtStartup("Redis is not usable: Connection is closed."), "running"]);
    await expect(s.run()).resolves.toBe("running");
    expect(s.calls).toEqual(["wait", "start", "wait", "start"]);
    expect(s.pauses).toEqual([RESTART_PAUSE_MS]);
  });

  it("ends on any other refusal, as before", async () => {
    const s = script([new StartupError("Redis maxmemory-policy is allkeys-lru")]);
    await expect(s.run()).rejects.toThrow("maxmemory-policy");
    expect(s.calls).toEqual(["wait", "start"]);
  });

  it("starts nothing when stopped while waiting", async () => {
    let started = false;
    const result = await startRetrying(
      () => Promise.resolve(false),
      () => Promise.resolve((started = true)),
      silentLogger(),
    );
    expect(result).toBeUndefined();
    expect(started).toBe(false);
  });
});
