// Pages of the directory (issue 16): a cursor is a place in the directory's order (name, GLN), so paging goes on from
// the same place after a re-import, and a cursor the gateway did not make is refused by the route's pattern.
import { describe, expect, it } from "vitest";
import { createDirectory } from "../../../src/routing/directory.js";
import { locationCursor, pageOf, readLocationCursor } from "../../../src/routing/paging.js";
import { sourceName } from "../../../src/usecases/admin/directory-import.js";
import { directoryEntries } from "../../support/directory-entries.js";

const meta = { generation: 1, importedAt: "t", entries: 0, source: "s" };
const directoryOf = (entries = directoryEntries(250)) => createDirectory([], { imported: { meta, entries } });

describe("directory pages", () => {
  it("walks every location once, in order, with next until the last page", () => {
    const all = directoryOf().all();
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOf(all, 100, cursor ? readLocationCursor(cursor) : undefined);
      walked.push(...page.items.map((l) => l.gln));
      cursor = page.next;
    } while (cursor);
    expect(walked).toEqual(all.map((l) => l.gln));
    expect(pageOf(all, 250).next).toBeUndefined();
    expect(pageOf(all, 249).next).toBe(locationCursor(all[248]!));
  });

  it("goes on from the same place after a re-import that removed the cursor's location", () => {
    const before = directoryOf().all();
    const cursor = locationCursor(before[99]!);
    const after = directoryOf(directoryEntries(250).filter((e) => e.gln !== before[99]!.gln)).all();
    expect(pageOf(after, 10, readLocationCursor(cursor)).items[0]?.gln).toBe(before[100]?.gln);
  });

  it("names with any characters survive the cursor; a cursor of another shape names nothing", () => {
    const l = { gln: "5790001348120", name: 'Ærø Kommune – PPR, "Sydhavn" & co' };
    expect(readLocationCursor(locationCursor(l))).toEqual(l);
    expect(readLocationCursor("579.abc")).toBeUndefined();
  });

  it("the import's source is the file's last name, printable and bounded", () => {
    expect(sourceName("/srv/exports/sor-2026-12.csv")).toBe("sor-2026-12.csv");
    expect(sourceName("C:\\exports\\sor.csv")).toBe("sor.csv");
    expect(sourceName("evil\nname\u0007.csv")).toBe("evil?name?.csv");
    expect(sourceName(`${"x".repeat(500)}.csv`)).toHaveLength(200);
    expect(sourceName("dir/")).toBe("(unnamed)");
  });
});
