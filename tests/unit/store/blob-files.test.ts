// Blob chunks as files (GATEWAY_BLOB_DIR, issue 17; src/store/blob-files.ts): where they go, what a replacement and a
// removal leave, which files the sweep removes, and that an unchecked id never reaches a path.
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBlobFiles, openBlobFiles } from "../../../src/store/blob-files.js";
import { UncheckedKeyPartError } from "../../../src/store/keys.js";

const folder = () => mkdtempSync(join(tmpdir(), "blob-files-"));
const HOUR = 3600_000;

/** Make a file look `ms` old. */
function age(path: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  utimesSync(path, then, then);
}

describe("blob chunk files", () => {
  it("a chunk is written under <two characters>/<id>.<n>, owner-only, and read back; a missing one reads undefined", async () => {
    const dir = folder();
    const files = createBlobFiles(dir);
    const id = randomUUID();
    await files.write(id, 0, Buffer.from("first"));
    await files.write(id, 1, Buffer.from("second"));
    expect(readdirSync(join(dir, id.slice(0, 2))).sort()).toEqual([`${id}.0`, `${id}.1`]);
    expect(statSync(join(dir, id.slice(0, 2), `${id}.0`)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, id.slice(0, 2))).mode & 0o777).toBe(0o700);
    expect((await files.read(id, 1))?.toString()).toBe("second");
    expect(await files.read(id, 2)).toBeUndefined();
    expect(await files.read(randomUUID(), 0)).toBeUndefined();
  });

  it("a chunk replaced is the new one whole and leaves no file aside", async () => {
    const dir = folder();
    const files = createBlobFiles(dir);
    const id = randomUUID();
    await files.write(id, 0, Buffer.alloc(1000, 1));
    await files.replace(id, 0, Buffer.alloc(10, 2));
    expect(await files.read(id, 0)).toEqual(Buffer.alloc(10, 2));
    expect(readdirSync(join(dir, id.slice(0, 2)))).toEqual([`${id}.0`]);
  });

  it("a shard folder removed after its first use is made again for the next chunk", async () => {
    const dir = folder();
    const files = createBlobFiles(dir);
    const [id, later] = [randomUUID(), randomUUID()];
    await files.write(id, 0, Buffer.from("a"));
    rmSync(join(dir, id.slice(0, 2)), { recursive: true });
    await files.write(`${id.slice(0, 2)}${later.slice(2)}`, 0, Buffer.from("b"));
    expect((await files.read(`${id.slice(0, 2)}${later.slice(2)}`, 0))?.toString()).toBe("b");
  });

  it("remove deletes the chunks asked for and shrugs at those not there", async () => {
    const dir = folder();
    const files = createBlobFiles(dir);
    const [id, other] = [randomUUID(), randomUUID()];
    await files.write(id, 0, Buffer.from("a"));
    await files.write(id, 1, Buffer.from("b"));
    await files.write(other, 0, Buffer.from("c"));
    await files.remove(id, 5);
    expect(await files.read(id, 0)).toBeUndefined();
    expect(await files.read(id, 1)).toBeUndefined();
    expect((await files.read(other, 0))?.toString()).toBe("c");
  });

  it("an id or chunk number that is not the gateway's own throws before any path is made of it", async () => {
    const dir = folder();
    const files = createBlobFiles(dir);
    for (const id of ["../../etc/passwd", `${randomUUID()}/../x`, randomUUID().toUpperCase(), ""]) {
      await expect(files.write(id, 0, Buffer.from("x"))).rejects.toBeInstanceOf(UncheckedKeyPartError);
      await expect(files.read(id, 0)).rejects.toBeInstanceOf(UncheckedKeyPartError);
      await expect(files.remove(id, 1)).rejects.toBeInstanceOf(UncheckedKeyPartError);
    }
    for (const n of [-1, 1.5, Number.NaN])
      await expect(files.write(randomUUID(), n, Buffer.from("x"))).rejects.toBeInstanceOf(UncheckedKeyPartError);
    expect(readdirSync(dir)).toEqual([]);
  });

  describe("sweep", () => {
    it("removes old files of blobs that are gone, keeps old files of kept blobs and every young file", async () => {
      const dir = folder();
      const files = createBlobFiles(dir);
      const [gone, kept, young] = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of [gone, kept, young]) {
        await files.write(id, 0, Buffer.from("x"));
        await files.write(id, 1, Buffer.from("y"));
      }
      for (const id of [gone, kept]) for (const n of [0, 1]) age(join(dir, id.slice(0, 2), `${id}.${n}`), 2 * HOUR);
      const asked: string[][] = [];
      const removed = await files.sweep(HOUR, (ids) => {
        asked.push(ids);
        return Promise.resolve(ids.map((id) => id === kept));
      });
      expect(removed).toBe(2);
      expect(await files.read(gone, 0)).toBeUndefined();
      expect(await files.read(gone, 1)).toBeUndefined();
      expect(await files.read(kept, 1)).toBeDefined();
      expect(await files.read(young, 0)).toBeDefined();
      // Only old files' blobs are asked about, each once.
      expect(asked.flat().sort()).toEqual([gone, kept].sort());
    });

    it("removes an old replacement left aside by a crash, whatever its blob; leaves names that are not chunks", async () => {
      const dir = folder();
      const files = createBlobFiles(dir);
      const id = randomUUID();
      await files.write(id, 0, Buffer.from("x"));
      const shard = join(dir, id.slice(0, 2));
      const aside = join(shard, `${id}.0.new`);
      writeFileSync(aside, "half");
      age(aside, 2 * HOUR);
      for (const name of ["notes.txt", `${id}.0.old`, `${id}.x`]) {
        writeFileSync(join(shard, name), "z");
        age(join(shard, name), 2 * HOUR);
      }
      mkdirSync(join(dir, "zz"));
      writeFileSync(join(dir, "zz", `${id}.0`), "z");
      age(join(dir, "zz", `${id}.0`), 2 * HOUR);
      const removed = await files.sweep(HOUR, (ids) => Promise.resolve(ids.map(() => true)));
      expect(removed).toBe(1);
      expect(readdirSync(shard).sort()).toEqual([`${id}.0`, `${id}.0.old`, `${id}.x`, "notes.txt"].sort());
      expect(readdirSync(join(dir, "zz"))).toEqual([`${id}.0`]);
    });

    it("a folder not made yet has nothing to sweep", async () => {
      const files = createBlobFiles(join(folder(), "not-yet"));
      expect(await files.sweep(HOUR, () => Promise.reject(new Error("not asked")))).toBe(0);
    });
  });

  it("openBlobFiles makes the folder owner-only, and refuses a file in its place", async () => {
    const dir = join(folder(), "blobs");
    await openBlobFiles(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const file = join(folder(), "a-file");
    writeFileSync(file, "");
    await expect(openBlobFiles(file)).rejects.toThrow();
  });
});
