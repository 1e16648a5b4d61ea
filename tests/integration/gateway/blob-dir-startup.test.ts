// GATEWAY_BLOB_DIR at start-up (issue 17; docs/configuration.md): a folder that cannot be used fails the start with one
// line naming the variable, before anything else is opened; a missing one is made, owner-only; and one that cannot be
// written once the gateway runs refuses a detached attachment with 503, leaving nothing stored.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventually, KEYS, newTestKeyring, rawRedis } from "../../support/gateway.js";
import { projectRoot } from "../../support/shared.js";
import { spawnGateway } from "../../support/process.js";
import { freePort, startRedisServer } from "../../support/redis.js";

const composeLetter = JSON.parse(
  readFileSync(join(projectRoot, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8"),
) as object;

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

  it("a folder not there yet is made, owner-only; one that cannot be written later: 503 for an attachment, nothing kept", async () => {
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
      // The folder replaced by a file (as a full or lost disk would refuse): a letter with a detached attachment is
      // refused 503 naming the store, no path; nothing of it is kept; a text letter still goes through.
      rmSync(dir, { recursive: true });
      writeFileSync(dir, "");
      const post = (body: object) =>
        fetch(`http://127.0.0.1:${port}/v1/messages`, {
          method: "POST",
          headers: { Authorization: `Bearer ${KEYS.ppr}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      const pdf = {
        title: "Vurdering",
        contentType: "application/pdf",
        data: randomBytes(100 * 1024).toString("base64"),
      };
      const refused = await post({ ...composeLetter, attachments: [pdf] });
      const problem = (await refused.json()) as { issues?: { code?: string; message?: string }[] };
      expect(refused.status).toBe(503);
      expect(problem.issues?.[0]?.code).toBe("attachment-store-unavailable");
      expect(problem.issues?.[0]?.message).not.toContain(dir);
      const keys = rawRedis(redis.url);
      expect(await keys.keys("*:blob:*")).toEqual([]);
      expect(await keys.keys("*:msg:*")).toEqual([]);
      keys.disconnect();
      expect((await post(composeLetter)).status).toBe(202);
      gateway.child.kill("SIGTERM");
      expect(await gateway.exited).toBe(0);
    } finally {
      await redis.remove();
    }
  });
});
