// GATEWAY_DATA_DIR holds the keyring, the audit checkpoints and the embedded Redis: a data directory any user can
// write (or one reached through a symbolic link) is reported at start-up (issue 11, point 3's class).
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkDataDir } from "../../../src/config/data-dir.js";

const root = () => mkdtempSync(join(tmpdir(), "mg-datadir-"));
const shape = (issues: ReturnType<typeof checkDataDir>) => issues.map((i) => [i.severity, i.path]);

describe("the data directory check", () => {
  it("says nothing of a private folder, or of one not made yet", () => {
    const dir = join(root(), "data");
    expect(checkDataDir(dir)).toEqual([]);
    mkdirSync(dir, { mode: 0o750 });
    chmodSync(dir, 0o750);
    expect(checkDataDir(dir, { production: true })).toEqual([]);
  });

  it("warns of a world-writable folder, and refuses it in production", () => {
    const dir = join(root(), "data");
    mkdirSync(dir);
    chmodSync(dir, 0o1777); // the sticky bit does not stop anyone adding a name
    expect(shape(checkDataDir(dir))).toEqual([["warning", "GATEWAY_DATA_DIR"]]);
    expect(shape(checkDataDir(dir, { production: true }))).toEqual([["error", "GATEWAY_DATA_DIR"]]);
  });

  it("warns of a symbolic link (the operator's choice), and refuses one that leads nowhere or to a file", () => {
    const base = root();
    mkdirSync(join(base, "real"), { mode: 0o750 });
    symlinkSync(join(base, "real"), join(base, "data"));
    expect(shape(checkDataDir(join(base, "data"), { production: true }))).toEqual([["warning", "GATEWAY_DATA_DIR"]]);
    symlinkSync(join(base, "nowhere"), join(base, "dangling"));
    expect(shape(checkDataDir(join(base, "dangling")))).toEqual([
      ["warning", "GATEWAY_DATA_DIR"],
      ["error", "GATEWAY_DATA_DIR"],
    ]);
    writeFileSync(join(base, "file"), "");
    expect(shape(checkDataDir(join(base, "file")))).toEqual([["error", "GATEWAY_DATA_DIR"]]);
  });

  it("looks at its own subfolders: a linked audit/ is refused, a linked keys/ or redis/ and a world-writable one reported", () => {
    const dir = root();
    chmodSync(dir, 0o750);
    const elsewhere = root();
    symlinkSync(elsewhere, join(dir, "audit"));
    symlinkSync(elsewhere, join(dir, "keys"));
    mkdirSync(join(dir, "redis"));
    chmodSync(join(dir, "redis"), 0o777);
    const issues = checkDataDir(dir);
    expect(issues.map((i) => [i.severity, i.message.split(":")[0]])).toEqual([
      ["warning", "GATEWAY_DATA_DIR/keys is a symbolic link"],
      ["error", "GATEWAY_DATA_DIR/audit is a symbolic link"],
      ["warning", "GATEWAY_DATA_DIR/redis is writable by every user on the host"],
    ]);
  });
});
