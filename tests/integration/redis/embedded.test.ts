// The gateway's own redis-server (REDIS_URL unset): configured for durability, restarted when it dies with its data
// intact, stopped on exit, and never on TCP (so never in the way of a Redis on 6379).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/log.js";
import { startEmbeddedRedis, type EmbeddedRedis } from "../../../src/redis/embedded.js";
import { eventually } from "../../support/gateway.js";

let embedded: EmbeddedRedis | undefined;
afterEach(async () => {
  await embedded?.stop();
});

const client = (path: string) => {
  const redis = new Redis({ path, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  redis.on("error", () => undefined);
  return redis;
};

const alive = (pid: number | undefined) => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};

describe("embedded redis-server", () => {
  it("runs with the append-only file (fsync always), noeviction and no TCP port, data under GATEWAY_DATA_DIR/redis", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mg-emb-"));
    embedded = await startEmbeddedRedis(dataDir, silentLogger());
    expect(embedded.socketPath).toBe(join(dataDir, "redis", "redis.sock"));
    const redis = client(embedded.socketPath);
    expect(await redis.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
    expect(await redis.config("GET", "appendfsync")).toEqual(["appendfsync", "always"]);
    expect(await redis.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
    // Message records stay compact listpacks although some of their sealed fields are long (issue 17, point 2).
    expect(await redis.config("GET", "hash-max-listpack-value")).toEqual(["hash-max-listpack-value", "1024"]);
    // Rewrites a quarter as often as Redis's default, without LZF (issue 17, point 3; docs/sizing.md).
    expect(await redis.config("GET", "auto-aof-rewrite-percentage")).toEqual(["auto-aof-rewrite-percentage", "400"]);
    expect(await redis.config("GET", "rdbcompression")).toEqual(["rdbcompression", "no"]);
    expect(await redis.config("GET", "port")).toEqual(["port", "0"]);
    expect(await redis.config("GET", "dir")).toEqual(["dir", join(dataDir, "redis")]);
    redis.disconnect();
  });

  it("is restarted when it dies, with what was written before", async () => {
    embedded = await startEmbeddedRedis(mkdtempSync(join(tmpdir(), "mg-emb-")), silentLogger());
    const redis = client(embedded.socketPath);
    await redis.set("kept", "yes");
    const first = embedded.pid();
    process.kill(first ?? 0, "SIGKILL");
    const value = await eventually(async () => {
      try {
        return (await redis.get("kept")) ?? undefined;
      } catch {
        return undefined;
      }
    });
    expect(value).toBe("yes");
    expect(embedded.pid()).not.toBe(first);
    redis.disconnect();
  });

  it("stops for good on stop()", async () => {
    embedded = await startEmbeddedRedis(mkdtempSync(join(tmpdir(), "mg-emb-")), silentLogger());
    const pid = embedded.pid();
    expect(alive(pid)).toBe(true);
    await embedded.stop();
    expect(alive(pid)).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(embedded.pid())).toBe(false);
  });
});

describe("embedded redis-server's folder (issue 11, point 3's class: the gateway's own files are not reached through links)", () => {
  it("refuses a redis/ folder that is a symbolic link, and tightens a loose one to 0700", async () => {
    const linked = mkdtempSync(join(tmpdir(), "mg-emb-"));
    const elsewhere = mkdtempSync(join(tmpdir(), "mg-emb-elsewhere-"));
    symlinkSync(elsewhere, join(linked, "redis"));
    await expect(startEmbeddedRedis(linked, silentLogger())).rejects.toThrow(/symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);

    const loose = mkdtempSync(join(tmpdir(), "mg-emb-"));
    mkdirSync(join(loose, "redis"), { mode: 0o777 });
    chmodSync(join(loose, "redis"), 0o777);
    embedded = await startEmbeddedRedis(loose, silentLogger());
    expect(statSync(join(loose, "redis")).mode & 0o777).toBe(0o700);
  });
});
