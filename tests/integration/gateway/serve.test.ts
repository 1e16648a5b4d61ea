// `medcom-gateway serve` as a newcomer runs it: its own Redis when REDIS_URL is unset, a clear message when Redis is
// missing or unsafe, all configuration errors at once, and an orderly stop on SIGTERM.
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFixture } from "../../support/shared.js";
import { eventually, KEYS, newTestKeyring, rawRedis, send } from "../../support/gateway.js";
import { spawnGateway } from "../../support/process.js";
import { freePort, startRedisServer } from "../../support/redis.js";

const pids = (pattern: string) => {
  try {
    return execFileSync("pgrep", ["-f", pattern]).toString().trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

describe("medcom-gateway serve", () => {
  it("starts its own Redis, accepts a letter, and on SIGTERM stops everything and exits 0", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mg-serve-"));
    const port = await freePort();
    const gateway = spawnGateway(["serve"], { GATEWAY_DATA_DIR: dataDir, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => {
      try {
        return (await fetch(`${url}/readyz`)).status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000);
    expect(pids(join(dataDir, "redis"))).toHaveLength(1);
    const json = JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object;
    const accepted = await send(url, "POST", "/v1/messages", { key: KEYS.ppr, json });
    expect(accepted.status).toBe(202);

    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toBe(0);
    expect(pids(join(dataDir, "redis"))).toEqual([]);
  });

  it("without redis-server and without REDIS_URL, exits 1 saying what to install or set", async () => {
    // A PATH with node on it and nothing else (redis-server often sits beside node in /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), "mg-bin-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const gateway = spawnGateway(["serve"], { PATH: bin, PORT: "0" });
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain("apt-get install redis-server");
    expect(gateway.output()).toContain("REDIS_URL");
  });

  it("refuses an external Redis that may evict keys", async () => {
    const redis = await startRedisServer();
    const raw = rawRedis(redis.url);
    await raw.config("SET", "maxmemory-policy", "allkeys-lru");
    raw.disconnect();
    const gateway = spawnGateway(["serve"], {
      REDIS_URL: redis.url,
      PORT: "0",
      GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
    });
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain("maxmemory-policy is allkeys-lru");
    await redis.remove();
  });

  it("reports every configuration error at once, by key, and exits 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "mg-conf-")), "gateway.json");
    writeFileSync(
      file,
      JSON.stringify({
        locations: [
          { gln: "123", sor: "1", name: "X", kind: "gp", formats: ["text/plain"], delivery: { adapter: "fax" } },
        ],
        clients: [],
        colour: "blue",
      }),
    );
    const gateway = spawnGateway(["serve"], { GATEWAY_CONFIG: file, PORT: "0" });
    expect(await gateway.exited).toBe(2);
    for (const key of [
      "/colour",
      "/locations/0/gln",
      "/locations/0/sor",
      "/locations/0/formats/0",
      "/locations/0/delivery/adapter",
    ])
      expect(gateway.output()).toContain(key);
  });

  it("refuses a separate worker or API role without a shared REDIS_URL", async () => {
    const gateway = spawnGateway(["serve", "--role", "worker"], { PORT: "0" });
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain("REDIS_URL");
  });
});
