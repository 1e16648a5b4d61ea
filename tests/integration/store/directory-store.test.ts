// The Redis directory store: the shared contract, and what only Redis shows — the old generation and the staging key
// are gone after a swap, every import is published, and a tampered entry fails the read instead of becoming a route.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDirectoryStore, directoryKeys } from "../../../src/store/directory-store.js";
import { directoryStoreContract } from "../../support/contracts/directory-store.js";
import { directoryEntries, entryGln } from "../../support/directory-entries.js";
import { rawRedis, uniquePrefix } from "../../support/gateway.js";

const redis = rawRedis(inject("redisUrl"));
afterAll(() => redis.disconnect());

directoryStoreContract("redis", () => Promise.resolve(createDirectoryStore(redis, uniquePrefix())));

describe("redis directory store", () => {
  it("leaves only the current generation and the meta behind, and publishes each new generation", async () => {
    const prefix = uniquePrefix();
    const keys = directoryKeys(prefix);
    const store = createDirectoryStore(redis, prefix);
    const subscriber = redis.duplicate();
    const heard: string[] = [];
    subscriber.on("message", (_channel: string, message: string) => heard.push(message));
    await subscriber.subscribe(keys.channel);
    await store.replace(directoryEntries(700), { importedAt: "t", source: "a" }, 0);
    await store.replace(directoryEntries(5), { importedAt: "t", source: "b" }, 1);
    await store.replace(directoryEntries(6), { importedAt: "t", source: "c" }, 0); // conflict: its staging goes too
    expect((await redis.keys(`${prefix}:*`)).sort()).toEqual([keys.meta, keys.generation(2)].sort());
    await expect.poll(() => heard).toEqual(["1", "2"]);
    subscriber.disconnect();
  });

  it("a tampered entry fails the read (the live directory keeps the one it has)", async () => {
    const prefix = uniquePrefix();
    const store = createDirectoryStore(redis, prefix);
    await store.replace(directoryEntries(2), { importedAt: "t", source: "a" }, 0);
    await redis.hset(directoryKeys(prefix).generation(1), entryGln(1), JSON.stringify({ gln: "x" }));
    await expect(store.entries()).rejects.toThrow(/fails its check/);
  });
});
