// The folder transport (issue 16): envelopes put atomically in the outbox; the inbox handled like the file-drop inbox
// (issue 11, points 1 and 3): links, FIFOs, hard links and oversized files are not read, unsafe names are set aside,
// and a folder that cannot be used is VansUnreachable (retried under the circuit breaker), never a crash.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderTransport } from "../../../../adapters/vans/folder-transport.js";
import { VansUnreachable } from "../../../../adapters/vans/transport.js";

const NAME = "0f8fad5b-d9cb-469f-a165-70867728950e.xml";
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function folders() {
  const root = mkdtempSync(join(tmpdir(), "mg-vans-folders-"));
  const outbox = join(root, "out");
  const inbox = join(root, "in");
  mkdirSync(outbox);
  mkdirSync(inbox);
  return { root, outbox, inbox, transport: folderTransport({ outbox, inbox }) };
}

describe("VANS folder transport", () => {
  it("puts an envelope under its name, whole, 0640, with no temporary file left", async () => {
    const { outbox, transport } = folders();
    await transport.put(NAME, bytes("<VANSEnvelope/>"));
    expect(readdirSync(outbox)).toEqual([NAME]);
    expect(readFileSync(join(outbox, NAME), "utf8")).toBe("<VANSEnvelope/>");
    expect(statSync(join(outbox, NAME)).mode & 0o777).toBe(0o640);
    await expect(transport.put("../escape.xml", bytes("x"))).rejects.toThrow(RangeError);
    await expect(transport.put(".hidden", bytes("x"))).rejects.toThrow(RangeError);
  });

  it("an outbox that is missing, a link or unwritable is VansUnreachable, and nothing is created", async () => {
    const { root, outbox, inbox } = folders();
    const missing = folderTransport({ outbox: join(root, "not-mounted"), inbox });
    await expect(missing.put(NAME, bytes("x"))).rejects.toThrow(VansUnreachable);
    expect(readdirSync(root).sort()).toEqual(["in", "out"]);
    symlinkSync(outbox, join(root, "link"));
    await expect(folderTransport({ outbox: join(root, "link"), inbox }).put(NAME, bytes("x"))).rejects.toThrow(
      VansUnreachable,
    );
    if (process.getuid?.() !== 0) {
      chmodSync(outbox, 0o500);
      await expect(folderTransport({ outbox, inbox }).put(NAME, bytes("x"))).rejects.toThrow(VansUnreachable);
      chmodSync(outbox, 0o750);
    }
    expect(readdirSync(outbox)).toEqual([]);
  });

  it("lists plain files only: hidden, temporary and folders left out; an unsafe name set aside with a report", async () => {
    const { inbox, transport } = folders();
    writeFileSync(join(inbox, "b.xml"), "b");
    writeFileSync(join(inbox, "a.xml"), "a");
    writeFileSync(join(inbox, ".writing"), "x");
    writeFileSync(join(inbox, "c.xml.part"), "x");
    writeFileSync(join(inbox, "bad name;$(x).xml"), "x");
    writeFileSync(join(inbox, "back\\slash.xml"), "x");
    mkdirSync(join(inbox, "sub"));
    expect(await transport.list()).toEqual(["a.xml", "b.xml"]);
    const rejected = readdirSync(join(inbox, "rejected"));
    expect(rejected).toHaveLength(2);
    const report = rejected.find((n) => n.endsWith(".problem.txt")) ?? "";
    expect(readFileSync(join(inbox, "rejected", report), "utf8")).toContain("not a plain name");
    expect(readdirSync(inbox)).not.toContain("bad name;$(x).xml");
    expect(await transport.list()).toEqual(["a.xml", "b.xml"]);
  });

  it("reads a regular file within the limit; refuses links, hard links, FIFOs and oversized files", async () => {
    const { root, inbox, transport } = folders();
    writeFileSync(join(inbox, "ok.xml"), "<VANSEnvelope/>");
    const read = await transport.read("ok.xml", 1024);
    expect(read.ok && text(read.bytes)).toBe("<VANSEnvelope/>");
    const large = await transport.read("ok.xml", 3);
    expect(!large.ok && large.reason).toMatch(/larger/);
    writeFileSync(join(root, "secret"), "secret");
    symlinkSync(join(root, "secret"), join(inbox, "link.xml"));
    expect(await transport.read("link.xml", 1024)).toMatchObject({ ok: false });
    linkSync(join(root, "secret"), join(inbox, "hard.xml"));
    expect(await transport.read("hard.xml", 1024)).toMatchObject({ ok: false });
    expect(spawnSync("mkfifo", [join(inbox, "fifo.xml")]).status).toBe(0);
    expect(await transport.read("fifo.xml", 1024)).toMatchObject({ ok: false });
    expect(await transport.read("gone.xml", 1024)).toMatchObject({ ok: false });
    expect(await transport.read("../secret", 1024)).toMatchObject({ ok: false });
  });

  it("removes a handled file; rejects one with its report beside it, keeping an earlier one of the same name", async () => {
    const { inbox, transport } = folders();
    writeFileSync(join(inbox, "one.xml"), "1");
    await transport.remove("one.xml");
    await transport.remove("one.xml"); // twice is harmless
    expect(readdirSync(inbox)).toEqual([]);
    writeFileSync(join(inbox, "two.xml"), "2");
    await transport.reject("two.xml", "unreadable envelope");
    writeFileSync(join(inbox, "two.xml"), "2 again");
    await transport.reject("two.xml", "again");
    await transport.reject("two.xml", "already gone: nothing happens");
    const rejected = readdirSync(join(inbox, "rejected")).sort();
    expect(rejected).toHaveLength(4);
    expect(readFileSync(join(inbox, "rejected", "two.xml"), "utf8")).toBe("2");
    expect(readFileSync(join(inbox, "rejected", "two.xml.problem.txt"), "utf8")).toContain("unreadable envelope");
    expect(readdirSync(inbox)).toEqual(["rejected"]);
  });

  it("an inbox that is missing or a link is VansUnreachable; a rejected/ that is a link is never followed", async () => {
    const { root, outbox, inbox, transport } = folders();
    await expect(folderTransport({ outbox, inbox: join(root, "nope") }).list()).rejects.toThrow(VansUnreachable);
    symlinkSync(inbox, join(root, "in-link"));
    await expect(folderTransport({ outbox, inbox: join(root, "in-link") }).list()).rejects.toThrow(VansUnreachable);
    symlinkSync(outbox, join(inbox, "rejected"));
    writeFileSync(join(inbox, "x.xml"), "x");
    await expect(transport.reject("x.xml", "r")).rejects.toThrow(VansUnreachable);
    expect(readdirSync(outbox)).toEqual([]);
    expect(readdirSync(inbox).sort()).toEqual(["rejected", "x.xml"]);
  });
});
