// The safe file primitives for shared folders (issue 11, points 1 and 3): names stay in their folder, links are never
// followed, files appear whole with mode 0640 in folders of mode 0750, and reads take regular files within a limit.
import { spawnSync } from "node:child_process";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  isSafeFileName,
  openFolder,
  readRegularFile,
  UnsafePathError,
  writeFileAtomically,
  writeInFolder,
} from "../../../adapters/safe-files.js";
import { hostileDropNames, hostileFileNames } from "../../../test-fixtures/hostile/files.js";

const scratch = () => mkdtempSync(join(tmpdir(), "mg-safe-files-"));

describe("writeFileAtomically", () => {
  it("writes a whole file, 0640, in a created 0750 folder, and leaves no temporary file", async () => {
    const dir = join(scratch(), "new", "folder");
    await writeFileAtomically(dir, "a.xml", "<x/>");
    expect(readFileSync(join(dir, "a.xml"), "utf8")).toBe("<x/>");
    expect(lstatSync(join(dir, "a.xml")).mode & 0o777).toBe(0o640);
    expect(lstatSync(dir).mode & 0o777).toBe(0o750);
    expect(readdirSync(dir)).toEqual(["a.xml"]);
  });

  it.each([...hostileFileNames, ...hostileDropNames].map((n) => [JSON.stringify(n).slice(0, 50), n]))(
    "refuses the name %s",
    async (_shown, name) => {
      const root = scratch();
      const dir = join(root, "d");
      mkdirSync(dir);
      await expect(writeFileAtomically(dir, name, "x")).rejects.toBeInstanceOf(UnsafePathError);
      expect(readdirSync(root)).toEqual(["d"]);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it("refuses a folder that is a symbolic link", async () => {
    const root = scratch();
    mkdirSync(join(root, "real"));
    symlinkSync(join(root, "real"), join(root, "link"));
    await expect(writeFileAtomically(join(root, "link"), "a.xml", "x")).rejects.toBeInstanceOf(UnsafePathError);
    expect(readdirSync(join(root, "real"))).toEqual([]);
  });

  it("keeps writing into the folder it opened even if the path is swapped for a link afterwards", async () => {
    const root = scratch();
    const dir = join(root, "d");
    mkdirSync(dir);
    mkdirSync(join(root, "elsewhere"));
    const folder = await openFolder(dir);
    renameSync(dir, join(root, "moved"));
    symlinkSync(join(root, "elsewhere"), dir);
    try {
      await writeInFolder(folder, "a.xml", "x").catch(() => undefined); // refusing is fine too
    } finally {
      await folder.close();
    }
    expect(readdirSync(join(root, "elsewhere"))).toEqual([]);
  });
});

describe("isSafeFileName", () => {
  it("takes plain names and refuses traversal, hidden and odd names", () => {
    expect(isSafeFileName("00000000-0000-4000-8000-000000000001.xml")).toBe(true);
    expect(isSafeFileName("noise.txt.problem.json")).toBe(true);
    for (const bad of ["..", "a/b", ".x", "a..b", "", "a b", "x".repeat(201)]) expect(isSafeFileName(bad)).toBe(false);
  });
});

describe("readRegularFile", () => {
  it("reads a regular file within the limit and refuses a larger one", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "small"), "12345");
    writeFileSync(join(dir, "big"), "x".repeat(2000));
    const folder = await openFolder(dir);
    try {
      expect(await readRegularFile(folder, "small", 1000)).toEqual({ ok: true, bytes: Buffer.from("12345") });
      expect(await readRegularFile(folder, "big", 1000)).toMatchObject({ ok: false });
    } finally {
      await folder.close();
    }
  });

  it("does not follow a link, take a hard link, or wait on a FIFO", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "target"), "secret");
    symlinkSync(join(dir, "target"), join(dir, "link"));
    linkSync(join(dir, "target"), join(dir, "hard"));
    spawnSync("mkfifo", [join(dir, "fifo")]);
    const folder = await openFolder(dir);
    try {
      expect(await readRegularFile(folder, "link", 1000)).toMatchObject({ ok: false });
      expect(await readRegularFile(folder, "hard", 1000)).toMatchObject({ ok: false });
      expect(await readRegularFile(folder, "fifo", 1000)).toMatchObject({ ok: false });
    } finally {
      await folder.close();
    }
  });
});
