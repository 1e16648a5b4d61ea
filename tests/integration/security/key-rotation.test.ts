// `medcom-gateway keys rotate`: a new current key, every stored value re-encrypted with it, and a gateway already
// running reads them all without a restart.
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/cli.js";
import { createSealer, readKeyringFile } from "../../../src/crypto/keyring.js";
import { createBlobFiles } from "../../../src/store/blob-files.js";
import { createBlobStore } from "../../../src/store/blob-store.js";
import { GLN, KEYS, rawRedis, gatewayForFile, submitLetter, waitForStatus } from "../../support/gateway.js";

const gateway = gatewayForFile();

/** "format:key id" of every sealed value stored. */
async function keyIdsInUse(): Promise<Set<string>> {
  const redis = rawRedis(gateway.redisUrl);
  const ids = new Set<string>();
  for (const key of await redis.keys(`${gateway.prefix}:msg:*`)) {
    const values = key.endsWith(":content")
      ? [await redis.get(key)]
      : key.endsWith(":events")
        ? []
        : Object.values(await redis.hgetall(key));
    for (const v of values) if (v && /^mg\d:/.test(v)) ids.add(v.split(":").slice(0, 2).join(":"));
  }
  redis.disconnect();
  return ids;
}

async function topicInMailbox(id: string): Promise<string | undefined> {
  const response = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages`, { key: KEYS.gp });
  const { items } = (await response.json()) as { items: { id: string; topic?: string }[] };
  return items.find((i) => i.id === id)?.topic;
}

/** `medcom-gateway keys rotate` against the test gateway's Redis and keyring: its exit code and what it said. */
async function rotateKeys(env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await run(["keys", "rotate"], {
    out: (t) => (out += t),
    err: (t) => (out += t),
    readFile: () => Buffer.alloc(0),
    env: {
      REDIS_URL: gateway.redisUrl,
      GATEWAY_KEY_PREFIX: gateway.prefix,
      GATEWAY_ENCRYPTION_KEY_FILE: gateway.keyringPath,
      ...env,
    },
  });
  return { code, out };
}

describe("key rotation", () => {
  it("re-encrypts every stored value with the new key; the running gateway still reads them", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    // The content is compressed, then sealed (mg3, issue 17); the record's sealed fields stay mg2.
    expect(await keyIdsInUse()).toEqual(new Set(["mg2:k1", "mg3:k1"]));
    // A topic as the earlier mg1 format sealed it (the keyring key itself, no key per record): still read, and
    // re-sealed as mg2 by the rotation (issue 11, point 17).
    const redis = rawRedis(gateway.redisUrl);
    const keyringKey = Buffer.from(readKeyringFile(gateway.keyringPath).keys.k1 ?? "", "base64");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", keyringKey, iv);
    cipher.setAAD(Buffer.from(`${id}:topic`, "utf8"));
    const body = Buffer.concat([cipher.update("Gammelt emne", "utf8"), cipher.final()]);
    const legacy = ["mg1", "k1", iv, cipher.getAuthTag(), body].map((p) =>
      typeof p === "string" ? p : p.toString("base64url"),
    );
    await redis.hset(`${gateway.prefix}:msg:${id}`, "topic", legacy.join(":"));
    // And a content as the version before compression sealed it (mg2): still served, re-sealed as mg3 by the rotation.
    const sealer = createSealer(gateway.keyringPath);
    const contentKey = `${gateway.prefix}:msg:${id}:content`;
    const xml = sealer.openContent((await redis.getBuffer(contentKey)) ?? Buffer.alloc(0), `${id}:content`);
    await redis.set(contentKey, sealer.seal(xml, `${id}:content`), "KEEPTTL");
    redis.disconnect();
    expect(await keyIdsInUse()).toEqual(new Set(["mg2:k1", "mg1:k1"]));
    expect(await topicInMailbox(id)).toBe("Gammelt emne");
    const before = await gateway.request("GET", `/v1/messages/${id}/content`, { key: KEYS.ppr });
    expect(await before.text()).toContain("Skolevægring");

    const { code, out } = await rotateKeys();
    expect(code).toBe(0);
    expect(out).toMatch(/new current key k2; re-encrypted [1-9]\d* stored values/);
    expect(await keyIdsInUse()).toEqual(new Set(["mg2:k2", "mg3:k2"]));

    const record = await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.ppr });
    expect(((await record.json()) as { status: string }).status).toBe("delivered");
    expect(await topicInMailbox(id)).toBe("Gammelt emne");
    const content = await gateway.request("GET", `/v1/messages/${id}/content`, { key: KEYS.ppr });
    expect(await content.text()).toContain("Skolevægring");
  });

  it("with GATEWAY_BLOB_DIR, re-seals the chunk files too; without it, names them as not re-sealed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rotate-blobs-"));
    const redis = rawRedis(gateway.redisUrl);
    const files = createBlobFiles(dir);
    const writer = createBlobStore(redis, gateway.prefix, createSealer(gateway.keyringPath), files).create();
    await writer.write(randomBytes(1000));
    await writer.finish();
    const head = () =>
      readFileSync(join(dir, writer.id.slice(0, 2), `${writer.id}.0`))
        .subarray(0, 7)
        .toString();
    const before = head();
    const blind = await rotateKeys();
    expect(blind.code).toBe(1);
    expect(blind.out).toContain(`message "${writer.id}", field blob:0`);
    expect(head()).toBe(before);
    const seeing = await rotateKeys({ GATEWAY_BLOB_DIR: dir });
    expect(seeing.code, seeing.out).toBe(0);
    const current = readKeyringFile(gateway.keyringPath).current;
    expect(head()).toBe(`mg4:${current}:`);
    redis.disconnect();
  });
});
