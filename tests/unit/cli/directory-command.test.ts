// `medcom-gateway directory import` before any Redis: usage errors exit 2, and an unreadable or bad file exits 1 with
// its issues by line — checked whole before anything is connected to (REDIS_URL here names a port nobody listens on).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/cli.js";
import type { CliIo } from "../../../src/cli/io.js";
import { directoryCsv, directoryEntries } from "../../support/directory-entries.js";

function io(files: Record<string, string>) {
  const captured = { out: "", err: "" };
  const cliIo: CliIo = {
    out: (t) => (captured.out += t),
    err: (t) => (captured.err += t),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return Buffer.from(text);
    },
    env: { REDIS_URL: "redis://127.0.0.1:1", GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), "mg-dir-cli-")) },
  };
  return { cliIo, captured };
}

describe("medcom-gateway directory import", () => {
  it("exit 2 on usage errors", async () => {
    for (const args of [
      ["directory"],
      ["directory", "import"],
      ["directory", "export", "x"],
      ["directory", "import", "a", "b"],
    ]) {
      const { cliIo, captured } = io({});
      expect(await run(args, cliIo)).toBe(2);
      expect(captured.err).toContain("directory import <file>");
    }
  });

  it("exit 1 for a file it cannot read", async () => {
    const { cliIo, captured } = io({});
    expect(await run(["directory", "import", "/no/such.csv"], cliIo)).toBe(1);
    expect(captured.err).toContain("Cannot read the file");
  });

  it("exit 1 with every error by line, without connecting to Redis", async () => {
    const bad = directoryCsv(directoryEntries(4)).split("\r\n");
    bad[2] = bad[2]!.replace('"gp"', '"dentist"');
    bad[4] = bad[4]!.replace(/^"\d+"/, '"123"');
    const { cliIo, captured } = io({ "sor.csv": bad.join("\r\n") });
    expect(await run(["directory", "import", "sor.csv"], cliIo)).toBe(1);
    expect(captured.err).toContain("sor.csv: not imported, nothing changed");
    expect(captured.err).toMatch(/line 3.*kind/);
    expect(captured.err).toMatch(/line 5.*gln/);
    expect(captured.out).toBe("");
  });
});
