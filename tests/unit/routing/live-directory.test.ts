// The composed and live directory (issue 16): configured locations win over imported ones, imported ones are remote,
// the default route answers any other valid GLN, and a live directory swaps its contents on an import's notice or
// its poll — and keeps the old contents when a reload fails.
import { describe, expect, it, vi } from "vitest";
import type { DirectoryStore } from "../../../src/domain/ports/directory-store.js";
import { silentLogger } from "../../../src/log.js";
import { createDirectory } from "../../../src/routing/directory.js";
import { createLiveDirectory } from "../../../src/routing/live-directory.js";
import { isRemote } from "../../../src/routing/remote.js";
import { createMemoryDirectoryStore } from "../../../src/store/memory/directory-store.js";
import { directoryEntries, entryGln } from "../../support/directory-entries.js";
import { demoLocations } from "../../support/config.js";
import { GLN, glnFrom } from "../../support/gateway.js";

const meta = { generation: 1, importedAt: "2026-12-05T22:00:00.000Z", entries: 3, source: "sor.csv" };

describe("composed directory", () => {
  it("configured locations win over imported ones with the same GLN; imported ones are remote, origin import", () => {
    const clash = { ...directoryEntries(1)[0]!, gln: GLN.gp, name: "Imported twin" };
    const directory = createDirectory(demoLocations(), {
      imported: { meta, entries: [clash, ...directoryEntries(2)] },
    });
    expect(directory.get(GLN.gp)?.name).not.toBe("Imported twin");
    expect(directory.get(GLN.gp)?.origin).toBe("config");
    expect(isRemote(directory.get(GLN.gp)!)).toBe(false);
    const imported = directory.get(entryGln(1));
    expect(imported).toMatchObject({ origin: "import", delivery: { adapter: "vans" } });
    expect(isRemote(imported!)).toBe(true);
    expect(directory.resolveRoute(entryGln(1))?.preferredFormat).toBe("application/fhir+xml");
    expect(directory.all()).toHaveLength(demoLocations().length + 2);
    expect(
      directory
        .configured()
        .map((l) => l.gln)
        .sort(),
    ).toEqual(
      demoLocations()
        .map((l) => l.gln)
        .sort(),
    );
    expect(directory.lastImport()).toEqual(meta);
    expect(directory.search({ q: "importklinik" }).map((l) => l.gln)).toEqual([entryGln(0), entryGln(1)]);
  });

  it("the default route gives any other valid GLN a remote location, from get and resolveRoute, never in search", () => {
    const other = glnFrom("579999912345");
    const without = createDirectory(demoLocations());
    expect(without.get(other)).toBeUndefined();
    const directory = createDirectory(demoLocations(), { defaultRoute: "vans" });
    const location = {
      gln: other,
      sor: "",
      name: `GLN ${other} (via VANS)`,
      kind: "other",
      formats: ["application/fhir+xml"],
      delivery: { adapter: "vans" },
      origin: "default-route",
    };
    expect(directory.get(other)).toEqual(location);
    expect(directory.resolveRoute(other)).toEqual({ ...location, preferredFormat: "application/fhir+xml" });
    expect(directory.get(`${other.slice(0, 12)}${(Number(other[12]) + 1) % 10}`)).toBeUndefined(); // check digit
    expect(directory.get("57900")).toBeUndefined();
    expect(directory.search({ q: other })).toEqual([]);
    expect(directory.get(GLN.gp)?.origin).toBe("config");
  });
});

describe("live directory", () => {
  const live = (store: DirectoryStore, extra: Partial<Parameters<typeof createLiveDirectory>[0]> = {}) =>
    createLiveDirectory({ locations: demoLocations(), store, log: silentLogger(), ...extra });

  it("loads the current generation at start and swaps on a notice", async () => {
    const store = createMemoryDirectoryStore();
    await store.replace(directoryEntries(3), { importedAt: "t1", source: "a.csv" }, 0);
    const directory = live(store, {
      notices: (notice) => {
        store.onChange(notice);
        return { ready: Promise.resolve(), close: () => Promise.resolve() };
      },
    });
    await directory.start();
    expect(directory.get(entryGln(2))?.origin).toBe("import");
    await store.replace(directoryEntries(2, 10), { importedAt: "t2", source: "b.csv" }, 1);
    await vi.waitFor(() => expect(directory.lastImport()?.generation).toBe(2));
    expect(directory.get(entryGln(2))).toBeUndefined();
    expect(directory.get(entryGln(11))?.name).toBe("Importklinik 11");
    await directory.stop();
  });

  it("polls when no notice comes, and a failed reload keeps the directory it has", async () => {
    const store = createMemoryDirectoryStore();
    await store.replace(directoryEntries(3), { importedAt: "t1", source: "a.csv" }, 0);
    let broken = false;
    const flaky: DirectoryStore = {
      replace: (...args) => store.replace(...args),
      meta: () => (broken ? Promise.reject(new Error("Redis away")) : store.meta()),
      entries: () => store.entries(),
    };
    const warn = vi.fn();
    const log = { ...silentLogger(), warn } as unknown as ReturnType<typeof silentLogger>;
    const directory = live(flaky, { pollMs: 20, log });
    await directory.start();
    broken = true;
    await store.replace(directoryEntries(1, 50), { importedAt: "t2", source: "b.csv" }, 1);
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    expect(directory.lastImport()?.generation).toBe(1);
    expect(directory.get(entryGln(2))?.origin).toBe("import");
    broken = false;
    await vi.waitFor(() => expect(directory.lastImport()?.generation).toBe(2));
    await directory.stop();
  });

  it("start fails when the store cannot be read (the process does not route without its directory)", async () => {
    const store: DirectoryStore = {
      replace: () => Promise.reject(new Error("no")),
      meta: () => Promise.reject(new Error("Redis away")),
      entries: () => Promise.reject(new Error("Redis away")),
    };
    await expect(live(store).start()).rejects.toThrow("Redis away");
  });
});
