// The VANS transport's contract (adapters/vans/transport.ts), one suite for every implementation (the two folders, SFTP
// to the provider): the adapter and the inbox poller rely on exactly this and nothing more. Each implementation's test
// gives a factory: a transport over an outbox and an inbox that the test also sees as local folders (the provider's
// side: where the network picks envelopes up and drops them off).
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { VansTransport } from "../../../adapters/vans/transport.js";

export interface VansTransportFixture {
  transport: VansTransport;
  /** The outbox as a local folder (what the provider picks up). */
  outbox: string;
  /** The inbox as a local folder (where the provider drops envelopes). */
  inbox: string;
  done(): Promise<void>;
}

export type VansTransportFactory = () => Promise<VansTransportFixture>;

const ENVELOPE = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<VANSEnvelope>…æøå</VANSEnvelope>\n', "utf8");

async function withFixture(factory: VansTransportFactory, test: (f: VansTransportFixture) => Promise<void>) {
  const fixture = await factory();
  try {
    await test(fixture);
  } finally {
    await fixture.transport.close();
    await fixture.done();
  }
}

export function vansTransportContract(name: string, factory: VansTransportFactory): void {
  const run = (test: (f: VansTransportFixture) => Promise<void>) => () => withFixture(factory, test);

  describe(`${name}: VANS transport contract`, () => {
    it(
      "puts an envelope whole under its name, leaving no temporary file behind",
      run(async ({ transport, outbox }) => {
        await transport.put("0f1e2d3c-aaaa-4bbb-8ccc-000000000001.xml", ENVELOPE);
        await transport.put("0f1e2d3c-aaaa-4bbb-8ccc-000000000002.xml", new Uint8Array(0));
        expect((await readdir(outbox)).sort()).toEqual([
          "0f1e2d3c-aaaa-4bbb-8ccc-000000000001.xml",
          "0f1e2d3c-aaaa-4bbb-8ccc-000000000002.xml",
        ]);
        expect(await readFile(join(outbox, "0f1e2d3c-aaaa-4bbb-8ccc-000000000001.xml"))).toEqual(ENVELOPE);
        expect((await readFile(join(outbox, "0f1e2d3c-aaaa-4bbb-8ccc-000000000002.xml"))).length).toBe(0);
        // A large envelope (an attachment) arrives whole too, byte for byte.
        // (Compared as one boolean: a deep equality over 300,000 elements is slow.)
        const large = Buffer.alloc(300_007, "<b64/>");
        await transport.put("0f1e2d3c-aaaa-4bbb-8ccc-000000000003.xml", large);
        expect(large.equals(await readFile(join(outbox, "0f1e2d3c-aaaa-4bbb-8ccc-000000000003.xml")))).toBe(true);
        expect((await readdir(outbox)).filter((n) => n.startsWith("."))).toEqual([]);
      }),
    );

    it(
      "puts an envelope given in pieces (a streamed letter, issue 17) whole, byte for byte; a failing source leaves nothing",
      run(async ({ transport, outbox }) => {
        const whole = Buffer.alloc(200_011, "<piece/>");
        async function* pieces(fail = false): AsyncGenerator<Uint8Array> {
          for (let at = 0; at < whole.length; at += 70_001) {
            if (fail && at > 0) throw new Error("the blob store went away");
            yield await Promise.resolve(whole.subarray(at, at + 70_001));
          }
        }
        await transport.put("0f1e2d3c-aaaa-4bbb-8ccc-000000000004.xml", pieces());
        expect(whole.equals(await readFile(join(outbox, "0f1e2d3c-aaaa-4bbb-8ccc-000000000004.xml")))).toBe(true);
        await expect(transport.put("0f1e2d3c-aaaa-4bbb-8ccc-000000000005.xml", pieces(true))).rejects.toThrow();
        expect((await readdir(outbox)).sort()).toEqual(["0f1e2d3c-aaaa-4bbb-8ccc-000000000004.xml"]);
      }),
    );

    it(
      "refuses to put under a name that is not plain (traversal, hidden, a path) and writes nothing",
      run(async ({ transport, outbox, inbox }) => {
        for (const bad of ["../escaped.xml", ".hidden.xml", "a/b.xml", "", "..", "with space.xml", "x\0.xml"])
          await expect(transport.put(bad, ENVELOPE), bad).rejects.toThrow();
        expect(await readdir(outbox)).toEqual([]);
        expect((await readdir(inbox)).filter((n) => n !== "rejected")).toEqual([]);
      }),
    );

    it(
      "lists plainly named files, sorted (a link too: read refuses it); leaves hidden/temporary names and folders; sets odd names aside",
      run(async ({ transport, inbox }) => {
        await writeFile(join(inbox, "b.xml"), ENVELOPE);
        await writeFile(join(inbox, "a.xml"), ENVELOPE);
        await writeFile(join(inbox, ".partial"), ENVELOPE);
        for (const temporary of ["c.xml.tmp", "c.xml.part", "c.xml.partial"])
          await writeFile(join(inbox, temporary), ENVELOPE);
        await writeFile(join(inbox, "odd name;rm.xml"), "odd");
        await mkdir(join(inbox, "rejected"), { recursive: true });
        await mkdir(join(inbox, "folder.xml"));
        await symlink("/etc/passwd", join(inbox, "link.xml"));
        expect(await transport.list()).toEqual(["a.xml", "b.xml", "link.xml"]);
        // The oddly named file went to rejected/ under a name of the gateway's own, its report beside it.
        const inboxNow = (await readdir(inbox)).sort();
        expect(inboxNow).not.toContain("odd name;rm.xml");
        expect(inboxNow).toContain("c.xml.tmp");
        expect(inboxNow).toContain(".partial");
        const rejected = (await readdir(join(inbox, "rejected"))).filter((n) => !n.startsWith("link.xml"));
        expect(rejected).toHaveLength(2);
        expect(rejected.every((n) => /^[\w.-]+$/u.test(n))).toBe(true);
        const contents = await Promise.all(rejected.map((n) => readFile(join(inbox, "rejected", n), "utf8")));
        expect(contents).toContain("odd");
        expect(await transport.list()).toEqual(["a.xml", "b.xml", "link.xml"]);
        // A link is set aside as it is (never followed): the file it points to stays where it is.
        await transport.reject("link.xml", "a symbolic link");
        expect((await lstat(join(inbox, "rejected", "link.xml"))).isSymbolicLink()).toBe(true);
        expect(await transport.list()).toEqual(["a.xml", "b.xml"]);
      }),
    );

    it(
      "reads a file's exact bytes; does not read one over the limit, a link, a missing or an unplain name",
      run(async ({ transport, inbox }) => {
        await writeFile(join(inbox, "in.xml"), ENVELOPE);
        await writeFile(join(inbox, "empty.xml"), "");
        await symlink(join(inbox, "in.xml"), join(inbox, "link.xml"));
        const read = await transport.read("in.xml", ENVELOPE.length);
        expect(read.ok && Buffer.from(read.bytes)).toEqual(ENVELOPE);
        const empty = await transport.read("empty.xml", 10);
        expect(empty.ok && empty.bytes.length).toBe(0);
        const big = await transport.read("in.xml", ENVELOPE.length - 1);
        expect(big.ok).toBe(false);
        expect(!big.ok && big.reason).toMatch(/limit/u);
        for (const notRead of ["link.xml", "gone.xml", "../in.xml", ".hidden", "a/in.xml"])
          expect((await transport.read(notRead, 1_000_000)).ok, notRead).toBe(false);
      }),
    );

    it(
      "removes a handled file; removing one already gone is no error",
      run(async ({ transport, inbox }) => {
        await writeFile(join(inbox, "done.xml"), ENVELOPE);
        await writeFile(join(inbox, "next.xml"), ENVELOPE);
        await transport.remove("done.xml");
        await transport.remove("done.xml");
        expect(await readdir(inbox)).toEqual(["next.xml"]);
        expect(await transport.list()).toEqual(["next.xml"]);
      }),
    );

    it(
      "rejects a file into rejected/ byte for byte with its report beside it; an earlier one of that name is kept",
      run(async ({ transport, inbox }) => {
        await writeFile(join(inbox, "bad.xml"), ENVELOPE);
        await transport.reject("bad.xml", "not a VANS envelope: line 1\n");
        expect(await transport.list()).toEqual([]);
        const rejected = join(inbox, "rejected");
        expect((await lstat(rejected)).isDirectory()).toBe(true);
        expect(await readFile(join(rejected, "bad.xml"))).toEqual(ENVELOPE);
        const reports = (await readdir(rejected)).filter((n) => n !== "bad.xml");
        expect(reports).toHaveLength(1);
        expect(reports[0]?.startsWith("bad.xml")).toBe(true);
        expect(await readFile(join(rejected, reports[0] ?? ""), "utf8")).toContain("not a VANS envelope: line 1");

        // The same name again: both files and both reports are kept.
        await writeFile(join(inbox, "bad.xml"), "second");
        await transport.reject("bad.xml", "second report");
        expect(await readFile(join(rejected, "bad.xml"))).toEqual(ENVELOPE);
        const all = await readdir(rejected);
        expect(all).toHaveLength(4);
        const contents = await Promise.all(all.map((n) => readFile(join(rejected, n), "utf8")));
        expect(contents).toContain("second");
        expect(contents.some((c) => c.includes("second report"))).toBe(true);
        expect(await readdir(inbox)).toEqual(["rejected"]);
        // Handled elsewhere meanwhile: rejecting it is no error and moves nothing.
        await transport.reject("bad.xml", "third report");
        expect(await readdir(rejected)).toHaveLength(4);
      }),
    );

    it(
      "keeps working after many calls on one transport (one connection or folder handle reused)",
      run(async ({ transport, inbox, outbox }) => {
        for (let i = 0; i < 20; i++) {
          const name = `e-${String(i).padStart(2, "0")}.xml`;
          await transport.put(name, ENVELOPE);
          await writeFile(join(inbox, name), ENVELOPE);
        }
        const listed = (await transport.list()).sort();
        expect(listed).toHaveLength(20);
        const reads = await Promise.all(listed.map((n) => transport.read(n, 1_000)));
        expect(reads.every((r) => r.ok)).toBe(true);
        await Promise.all(listed.map((n) => transport.remove(n)));
        expect(await transport.list()).toEqual([]);
        expect(await readdir(outbox)).toHaveLength(20);
      }),
    );
  });
}
