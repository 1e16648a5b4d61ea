// The audit trail's checkpoints outside Redis (issue 11, point 5): signed, fsync'd JSON lines in the data directory,
// logged as `auditCheckpoint`; a forged or conflicting line is reported, another prefix's lines are ignored.
import { appendFileSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log.js";
import { createAuditCheckpoints } from "../../../src/store/audit-checkpoints.js";

const key = Buffer.alloc(32, 3);
const mac = (c: string) => c.repeat(64);

function setUp(prefix = "{a}") {
  const dir = mkdtempSync(join(tmpdir(), "mg-cp-"));
  const file = join(dir, "audit", "checkpoints.jsonl");
  const lines: string[] = [];
  const log = createLogger(
    "info",
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const open = (p = prefix) => createAuditCheckpoints({ file, prefix: p, key, log, everyEntries: 10, minMs: 0 });
  return { dir, file, lines, open };
}

describe("audit checkpoints", () => {
  it("writes every N own entries and on close, owner/group-readable only, and logs each without content", async () => {
    const t = setUp();
    const cp = t.open();
    for (let seq = 1; seq <= 25; seq += 1) cp.note({ seq, mac: mac(String(seq % 10)) });
    await cp.close();
    const written = readFileSync(t.file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { seq: number });
    expect(written.map((c) => c.seq)).toEqual([10, 20, 25]);
    expect(statSync(t.file).mode & 0o777).toBe(0o640);
    expect(statSync(join(t.dir, "audit")).mode & 0o777).toBe(0o750);
    const logged = t.lines.map((l) => JSON.parse(l) as { auditCheckpoint?: { seq: number } });
    expect(logged.map((l) => l.auditCheckpoint?.seq)).toEqual([10, 20, 25]);

    const restarted = t.open();
    expect((await restarted.list()).map((c) => c.seq)).toEqual([10, 20, 25]);
    const trusted = await restarted.trusted();
    expect(trusted.problems).toEqual([]);
    expect([...trusted.points.keys()]).toEqual([10, 20, 25]);
  });

  it("ignores another prefix's checkpoints and reports forged or conflicting ones", async () => {
    const t = setUp();
    const a = t.open();
    a.note({ seq: 10, mac: mac("a") });
    const b = t.open("{b}");
    b.note({ seq: 10, mac: mac("b") });
    await Promise.all([a.close(), b.close()]);
    expect((await t.open().list()).map((c) => c.mac)).toEqual([mac("a")]);

    // The {a} line (the two instances append in either order).
    const line =
      readFileSync(t.file, "utf8")
        .split("\n")
        .find((l) => l.includes(`"prefix":"{a}"`)) ?? "";
    appendFileSync(t.file, `${line.replace(/"seq":10/, '"seq":99')}\n`); // a forger without the key
    const other = createAuditCheckpoints({ file: t.file, prefix: "{a}", key, log: createLogger("silent") });
    other.note({ seq: 10, mac: mac("c") }); // this process's own head disagrees with the file's checkpoint
    const trusted = await other.trusted();
    expect(trusted.points.has(99)).toBe(false);
    expect(trusted.problems.map((p) => [p.seq, p.code])).toEqual([
      [99, "altered"],
      [10, "diverged"],
    ]);
    await other.close();
  });
});
