// GATEWAY_BLOB_DIR at start-up (issue 17; docs/configuration.md): a folder that cannot be used fails the start with one
// line naming the variable, before anything else is opened; a missing one is made, owner-only.
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventually, newTestKeyring } from "../../support/gateway.js";
import { spawnGateway } from "../../support/process.js";
import { freePort, startRedisServer } from "../../support/redis.js";

describe("GATEWAY_BLOB_DIR at start-up", () => {
  it("a file where the folder should be: refuses to start, naming the variable, without a stack trace", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "blob-dir-")), "a-file");
    writeFileSync(file, "");
    const redis = await startRedisServer();
    try {
      const gateway = spawnGateway(["serve"], {
        REDIS_URL: redis.url,
        PORT: "0",
        GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
        GATEWAY_BLOB_DIR: file,
      });
      expect(await gateway.exited).toBe(1);
      expect(gateway.output()).toContain("GATEWAY_BLOB_DIR is not usable");
      expect(gateway.output()).not.toMatch(/^ {4}at /m);
    } finally {
      await redis.remove();
    }
  });

  it("a folder not there yet is made, owner-only, and the gateway becomes ready", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "blob-dir-")), "blobs", "here");
    const redis = await startRedisServer();
    const port = await freePort();
    try {
      const gateway = spawnGateway(["serve"], {
        REDIS_URL: redis.url,
        PORT: String(port),
        GATEWAY_ENCRYPTION_KEY_FILE: newTestKeyring(),
        GATEWAY_BLOB_DIR: dir,
      });
      await eventually(async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return answer?.status === 200 ? true : undefined;
      }, 30_000);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      gateway.child.kill("SIGTERM");
      expect(await gateway.exited).toBe(0);
    } finally {
      await redis.remove();
    }
  });
});
