// The in-memory directory store against the same contract as the Redis one (tests/integration/store/directory-store).
import { describe, expect, it } from "vitest";
import { createMemoryDirectoryStore } from "../../../src/store/memory/directory-store.js";
import { directoryStoreContract } from "../../support/contracts/directory-store.js";
import { directoryEntries } from "../../support/directory-entries.js";

directoryStoreContract("memory", () => Promise.resolve(createMemoryDirectoryStore()));

describe("memory directory store", () => {
  it("tells its listeners the new generation, as Redis publishes it", async () => {
    const store = createMemoryDirectoryStore();
    const seen: number[] = [];
    const stop = store.onChange((g) => seen.push(g));
    await store.replace(directoryEntries(1), { importedAt: "t", source: "a" }, 0);
    stop();
    await store.replace(directoryEntries(1), { importedAt: "t", source: "b" }, 1);
    expect(seen).toEqual([1]);
  });
});
