// `medcom-gateway keys rotate`: a new current key, every stored value re-encrypted with it, and a gateway already
// running reads them all without a restart.
import { describe, expect, it } from "vitest";
import { run } from "../../../src/cli.js";
import { KEYS, rawRedis, gatewayForFile, submitLetter, waitForStatus } from "../../support/gateway.js";

const gateway = gatewayForFile();

async function keyIdsInUse(): Promise<Set<string>> {
  const redis = rawRedis(gateway.redisUrl);
  const ids = new Set<string>();
  for (const key of await redis.keys(`${gateway.prefix}:msg:*`)) {
    const values = key.endsWith(":content")
      ? [await redis.get(key)]
      : key.endsWith(":events")
        ? []
        : Object.values(await redis.hgetall(key));
    for (const v of values) if (v?.startsWith("mg1:")) ids.add(v.split(":")[1] ?? "");
  }
  redis.disconnect();
  return ids;
}

describe("key rotation", () => {
  it("re-encrypts every stored value with the new key; the running gateway still reads them", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    expect(await keyIdsInUse()).toEqual(new Set(["k1"]));

    let out = "";
    const code = await run(["keys", "rotate"], {
      out: (t) => (out += t),
      err: (t) => (out += t),
      readFile: () => Buffer.alloc(0),
      env: {
        REDIS_URL: gateway.redisUrl,
        GATEWAY_KEY_PREFIX: gateway.prefix,
        GATEWAY_ENCRYPTION_KEY_FILE: gateway.keyringPath,
      },
    });
    expect(code).toBe(0);
    expect(out).toMatch(/new current key k2; re-encrypted [1-9]\d* stored values/);
    expect(await keyIdsInUse()).toEqual(new Set(["k2"]));

    const record = await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.ppr });
    expect(((await record.json()) as { topic?: string; status: string }).status).toBe("delivered");
    const content = await gateway.request("GET", `/v1/messages/${id}/content`, { key: KEYS.ppr });
    expect(await content.text()).toContain("Skolevægring");
  });
});
