// Issue 12, points 2 and 6, through the real `medcom-gateway serve` process: an external Redis that does not sync
// every write is refused (or, opted out, accepted with a loud warning), and a Redis that is not there yet is waited
// for with /readyz answering 503 until it comes.
import { describe, expect, it } from "vitest";
import { eventually, newTestKeyring } from "../../support/gateway.js";
import { spawnGateway, type GatewayProcess } from "../../support/process.js";
import { freePort, startRedisServer } from "../../support/redis.js";

const status = async (url: string): Promise<number | undefined> => {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
};

async function stopped(gateway: GatewayProcess): Promise<number | null> {
  gateway.child.kill("SIGTERM");
  return gateway.exited;
}

describe("an external Redis's fsync policy (issue 12, point 2)", () => {
  it("appendfsync everysec: refuses to start, naming the setting and the opt-out", async () => {
    const redis = await startRedisServer({ fsync: "everysec" });
    try {
      const gateway = spawnGateway(["serve"], {
        REDIS_URL: redis.url,
        PORT: "0",
        GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
      });
      expect(await gateway.exited).toBe(1);
      expect(gateway.output()).toContain("appendfsync everysec");
      expect(gateway.output()).toContain("appendfsync always");
      expect(gateway.output()).toContain("GATEWAY_ACCEPT_REDIS_DATA_LOSS=1");
      expect(gateway.output()).not.toMatch(/^ {4}at /m); // a message, not a stack trace
    } finally {
      await redis.remove();
    }
  });

  it("appendfsync everysec with GATEWAY_ACCEPT_REDIS_DATA_LOSS=1: starts, with the risk logged", async () => {
    const redis = await startRedisServer({ fsync: "everysec" });
    const port = await freePort();
    try {
      const gateway = spawnGateway(["serve"], {
        REDIS_URL: redis.url,
        PORT: String(port),
        GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
        GATEWAY_ACCEPT_REDIS_DATA_LOSS: "1",
      });
      await eventually(
        async () => ((await status(`http://127.0.0.1:${port}/readyz`)) === 200 ? true : undefined),
        30_000,
      );
      expect(gateway.output()).toContain("DURABILITY RISK ACCEPTED (GATEWAY_ACCEPT_REDIS_DATA_LOSS=1)");
      expect(gateway.output()).toContain("appendfsync everysec");
      expect(await stopped(gateway)).toBe(0);
    } finally {
      await redis.remove();
    }
  });

  it("CONFIG renamed away: INFO cannot tell the fsync policy, so it refuses unless opted out", async () => {
    const redis = await startRedisServer({ extraArgs: ["--rename-command", "CONFIG", ""] });
    try {
      const gateway = spawnGateway(["serve"], {
        REDIS_URL: redis.url,
        PORT: "0",
        GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
      });
      expect(await gateway.exited).toBe(1);
      expect(gateway.output()).toContain("does not say its appendfsync policy");
      expect(gateway.output()).toContain("GATEWAY_ACCEPT_REDIS_DATA_LOSS=1");
    } finally {
      await redis.remove();
    }
  });
});

describe("starting while Redis is away (issue 12, point 6)", () => {
  it("waits with /readyz 503 and a log line, then becomes ready when Redis comes", async () => {
    const redis = await startRedisServer({ deferStart: true });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const gateway = spawnGateway(["serve"], {
      REDIS_URL: redis.url,
      PORT: String(port),
      GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
    });
    try {
      await eventually(async () => ((await status(`${base}/readyz`)) === 503 ? true : undefined), 30_000);
      expect(await status(`${base}/healthz`)).toBe(200);
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { failing: string };
      expect(ready.failing).toBe("redis");
      await eventually(() => Promise.resolve(gateway.output().includes("waiting for Redis") || undefined), 10_000);
      expect(gateway.output()).toContain('"reason":"ECONNREFUSED"');
      // Longer than the ~13 s after which it used to exit: it is still there, still waiting.
      await new Promise((r) => setTimeout(r, 14_000));
      expect(gateway.child.exitCode).toBeNull();
      expect(await status(`${base}/readyz`)).toBe(503);
      expect(gateway.output()).not.toMatch(/^ {4}at /m);

      await redis.start();
      await eventually(async () => ((await status(`${base}/readyz`)) === 200 ? true : undefined), 30_000);
      expect(await stopped(gateway)).toBe(0);
    } finally {
      gateway.child.kill("SIGKILL");
      await redis.remove();
    }
  });

  it("a worker waiting for Redis stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const gateway = spawnGateway(["serve", "--role", "worker"], {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      PORT: "0",
      GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
    });
    await eventually(() => Promise.resolve(gateway.output().includes("waiting for Redis") || undefined), 30_000);
    expect(await stopped(gateway)).toBe(0);
    expect(gateway.output()).not.toMatch(/^ {4}at /m);
  });
});
