// Every process role builds its use cases' dependencies with createServices (main.ts: the API's and the workers'):
// both get the Redis blob store, on the gateway's prefix and keyring, and its accept keeps the blobs it names.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createSealer } from "../../../src/crypto/keyring.js";
import { silentLogger } from "../../../src/log.js";
import { createServices } from "../../../src/services.js";
import { demoConfig, newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";
import { acceptInput } from "../../support/store.js";

const redis = rawRedis(inject("redisUrl"));
const prefix = uniquePrefix();
const services = createServices({
  redis,
  prefix,
  config: demoConfig(),
  log: silentLogger(),
  sealer: createSealer(newTestKeyring()),
});
afterAll(async () => {
  await services.close();
  redis.disconnect();
});

describe("services: deps.blobs (issue 17, point 1)", () => {
  it("is the Redis blob store on the gateway's prefix, kept by the store's accept", async () => {
    const blobs = services.deps.blobs;
    if (!blobs) throw new Error("deps.blobs is not set");
    const bytes = randomBytes(1_500_000);
    const writer = blobs.create();
    await writer.write(bytes);
    await writer.finish();
    expect(await redis.exists(services.keys.blob(writer.id))).toBe(1);
    const input = { ...acceptInput(), retentionSeconds: 30 * 24 * 3600, blobs: [writer.id] };
    expect(await services.deps.store.accept(input)).toMatchObject({ outcome: "accepted" });
    expect(await redis.ttl(services.keys.blob(writer.id))).toBeGreaterThan(29 * 24 * 3600);
    const read: Uint8Array[] = [];
    for await (const chunk of blobs.read(writer.id)) read.push(chunk);
    expect(Buffer.concat(read).equals(bytes)).toBe(true);
  });
});
