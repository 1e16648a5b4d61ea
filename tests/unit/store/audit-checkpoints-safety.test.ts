// The audit checkpoint file (GATEWAY_DATA_DIR/audit/checkpoints.jsonl) is written the way file-drop folders are
// (issue 11, points 3 and 5): its folder is never a symbolic link and is 0750, the file is appended O_APPEND |
// O_NOFOLLOW (a link planted at its name is refused, not written through), 0640, fsync'd. Reading refuses a link too.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log.js";
import { createAuditCheckpoints } from "../../../src/store/audit-checkpoints.js";

const key = Buffer.alloc(32, 3);
const mac = (c: string) => c.repeat(64);

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "mg-cps-"));
  const elsewhere = mkdtempSync(join(tmpdir(), "mg-cps-elsewhere-"));
  const file = join(dir, "audit", "checkpoints.jsonl");
  const errors: string[] = [];
  const log = createLogger(
    "info",
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        const line = JSON.parse(chunk.toString()) as { level: number | string; msg: string };
        if (line.msg === "audit checkpoint not written") errors.push(line.msg);
        done();
      },
    }),
  );
  const open = () => createAuditCheckpoints({ file, prefix: "{a}", key, log, everyEntries: 1, minMs: 0 });
  return { dir, elsewhere, file, errors, open };
}

async function writeOne(t: ReturnType<typeof setUp>, seq = 1) {
  const cp = t.open();
  cp.note({ seq, mac: mac("a") });
  await cp.close();
}

describe("audit checkpoint file safety", () => {
  it("refuses an audit folder that is a symbolic link: nothing written where it points", async () => {
    const t = setUp();
    symlinkSync(t.elsewhere, join(t.dir, "audit"));
    await writeOne(t);
    expect(readdirSync(t.elsewhere)).toEqual([]);
    expect(t.errors.length).toBeGreaterThan(0);
  });

  it("refuses a symbolic link planted at the file's name: the file it points to is untouched", async () => {
    const t = setUp();
    mkdirSync(join(t.dir, "audit"), { mode: 0o750 });
    const victim = join(t.elsewhere, "victim");
    writeFileSync(victim, "keep\n");
    symlinkSync(victim, t.file);
    await writeOne(t);
    expect(readFileSync(victim, "utf8")).toBe("keep\n");
    expect(t.errors.length).toBeGreaterThan(0);
  });

  it("sets a loosened audit folder back to 0750 and the file to 0640", async () => {
    const t = setUp();
    mkdirSync(join(t.dir, "audit"));
    chmodSync(join(t.dir, "audit"), 0o777);
    writeFileSync(t.file, "");
    chmodSync(t.file, 0o666);
    await writeOne(t);
    expect(statSync(join(t.dir, "audit")).mode & 0o7777).toBe(0o750);
    expect(statSync(t.file).mode & 0o7777).toBe(0o640);
    expect(readFileSync(t.file, "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("never widens a tighter folder or file (an operator's 0700 / 0600 stays)", async () => {
    const t = setUp();
    mkdirSync(join(t.dir, "audit"));
    chmodSync(join(t.dir, "audit"), 0o700);
    writeFileSync(t.file, "");
    chmodSync(t.file, 0o600);
    await writeOne(t);
    expect(statSync(join(t.dir, "audit")).mode & 0o7777).toBe(0o700);
    expect(statSync(t.file).mode & 0o7777).toBe(0o600);
  });

  it("does not read checkpoints through a symbolic link at the file's name: reported, not trusted", async () => {
    const t = setUp();
    await writeOne(t, 7);
    // Someone swaps the file for a link to a copy they control (here: a genuine copy, so its lines would verify).
    const copy = join(t.elsewhere, "copy.jsonl");
    writeFileSync(copy, readFileSync(t.file));
    rmSync(t.file);
    symlinkSync(copy, t.file);
    const trusted = await t.open().trusted();
    expect(trusted.points.has(7)).toBe(false);
    expect(trusted.problems.map((p) => p.code)).toEqual(["altered"]);
  });
});
