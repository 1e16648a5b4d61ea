// The directory store's contract (issue 16, point 3), for Redis and memory: generations, the compare-and-swap on the
// expected generation, a reader never seeing two generations mixed.
import { describe, expect, it } from "vitest";
import type { DirectoryStore } from "../../../src/domain/ports/directory-store.js";
import { directoryEntries } from "../directory-entries.js";

const at = "2026-12-05T22:00:00.000Z";
const byGln = (a: { gln: string }, b: { gln: string }) => a.gln.localeCompare(b.gln);

export function directoryStoreContract(name: string, factory: () => Promise<DirectoryStore>): void {
  describe(`${name}: directory store contract`, () => {
    it("has nothing before the first import", async () => {
      const store = await factory();
      expect(await store.meta()).toBeUndefined();
      expect(await store.entries()).toBeUndefined();
    });

    it("an import from generation 0 becomes generation 1, entries and meta as given", async () => {
      const store = await factory();
      const entries = directoryEntries(1200);
      const done = await store.replace(entries, { importedAt: at, source: "sor-export.csv" }, 0);
      const meta = { generation: 1, importedAt: at, entries: 1200, source: "sor-export.csv" };
      expect(done).toEqual({ ok: true, meta });
      expect(await store.meta()).toEqual(meta);
      const read = await store.entries();
      expect(read?.meta).toEqual(meta);
      expect([...(read?.entries ?? [])].sort(byGln)).toEqual([...entries].sort(byGln));
    });

    it("refuses a swap from a generation that is no longer current, changing nothing", async () => {
      const store = await factory();
      await store.replace(directoryEntries(3), { importedAt: at, source: "a.csv" }, 0);
      expect(await store.replace(directoryEntries(5, 100), { importedAt: at, source: "b.csv" }, 0)).toEqual({
        ok: false,
        reason: "conflict",
        current: 1,
      });
      const read = await store.entries();
      expect(read?.meta.source).toBe("a.csv");
      expect(read?.entries).toHaveLength(3);
    });

    it("a re-import replaces the whole directory: no entry of the old generation remains", async () => {
      const store = await factory();
      await store.replace(directoryEntries(10), { importedAt: at, source: "a.csv" }, 0);
      const next = directoryEntries(4, 8, "ny ");
      const done = await store.replace(next, { importedAt: at, source: "b.csv" }, 1);
      expect(done.ok && done.meta.generation).toBe(2);
      const read = await store.entries();
      expect([...(read?.entries ?? [])].sort(byGln)).toEqual([...next].sort(byGln));
    });

    it("two imports racing from the same generation: exactly one wins, the other is told the winner's", async () => {
      const store = await factory();
      const [a, b] = await Promise.all([
        store.replace(directoryEntries(300, 0, "a"), { importedAt: at, source: "a.csv" }, 0),
        store.replace(directoryEntries(300, 0, "b"), { importedAt: at, source: "b.csv" }, 0),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const lost = a.ok ? b : a;
      expect(lost).toEqual({ ok: false, reason: "conflict", current: 1 });
      const read = await store.entries();
      const tag = read?.meta.source === "a.csv" ? "a" : "b";
      expect(read?.entries.every((e) => e.name.startsWith(`Importklinik ${tag}`))).toBe(true);
    });

    it("an empty import is a generation too (an empty directory)", async () => {
      const store = await factory();
      await store.replace(directoryEntries(2), { importedAt: at, source: "a.csv" }, 0);
      await store.replace([], { importedAt: at, source: "empty.csv" }, 1);
      expect(await store.entries()).toEqual({
        meta: { generation: 2, importedAt: at, entries: 0, source: "empty.csv" },
        entries: [],
      });
    });

    it("readers during a stream of re-imports see one whole generation each time", async () => {
      const store = await factory();
      await store.replace(directoryEntries(200, 0, "g1 "), { importedAt: at, source: "1" }, 0);
      const reads: Promise<unknown>[] = [];
      for (let g = 1; g < 6; g++) {
        reads.push(
          store.entries().then((read) => {
            const tag = `g${read?.meta.generation ?? "?"} `;
            expect(read?.entries).toHaveLength(200);
            expect(read?.entries.every((e) => e.name.startsWith(`Importklinik ${tag}`))).toBe(true);
          }),
        );
        await store.replace(directoryEntries(200, 0, `g${g + 1} `), { importedAt: at, source: String(g + 1) }, g);
      }
      await Promise.all(reads);
    });
  });
}
