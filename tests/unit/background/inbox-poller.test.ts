// The inbox poller on its own (issue 11, point 3): files it cannot read as a message need nothing but a logger, so
// these run without Redis. A claimed file left by a stopped worker is given back; links are refused.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UnsafePathError } from "../../../adapters/safe-files.js";
import { pollInbox } from "../../../src/background/inbox-poller.js";
import { silentLogger } from "../../../src/log.js";
import type { UseCaseDeps } from "../../../src/usecases/deps.js";
import { readExampleBytes } from "../../support/shared.js";

const GLN = "5790001348120";
/** The sending location of MedCom's cc5-01-new-message.xml. */
const EXAMPLE_SENDER = "5790000209354";
// A file that is no FHIR at all is refused before any store is asked: a logger is all the poller needs for it.
const deps = { log: silentLogger() } as unknown as UseCaseDeps;
const scratch = () => mkdtempSync(join(tmpdir(), "mg-poller-"));
const CLAIMED = ".claimed-00000000-0000-4000-8000-000000000001-noise.txt";

describe("pollInbox", () => {
  it("gives back a claimed file a stopped worker left behind, and handles it", async () => {
    const inbox = scratch();
    writeFileSync(join(inbox, CLAIMED), "not a MedCom message");
    expect(await pollInbox(GLN, inbox, deps, { staleClaimMs: 0 })).toBe(1);
    expect(readdirSync(inbox)).toEqual(["rejected"]);
    expect(readdirSync(join(inbox, "rejected")).sort()).toEqual(["noise.txt", "noise.txt.problem.json"]);
  });

  it("leaves a fresh claim alone (another worker is handling it)", async () => {
    const inbox = scratch();
    writeFileSync(join(inbox, CLAIMED), "not a MedCom message");
    expect(await pollInbox(GLN, inbox, deps)).toBe(0);
    expect(readdirSync(inbox)).toEqual([CLAIMED]);
  });

  it("refuses an inbox that is a link", async () => {
    const root = scratch();
    mkdirSync(join(root, "real"));
    writeFileSync(join(root, "real", "noise.txt"), "not a MedCom message");
    symlinkSync(join(root, "real"), join(root, "inbox"));
    await expect(pollInbox(GLN, join(root, "inbox"), deps)).rejects.toBeInstanceOf(UnsafePathError);
    expect(readdirSync(join(root, "real"))).toEqual(["noise.txt"]);
  });

  it("moves nothing through a rejected/ that is a link, and gives the file back", async () => {
    const root = scratch();
    const inbox = join(root, "inbox");
    const other = join(root, "other-inbox");
    mkdirSync(inbox);
    mkdirSync(other);
    symlinkSync(other, join(inbox, "rejected"));
    writeFileSync(join(inbox, "noise.txt"), "not a MedCom message");
    await expect(pollInbox(GLN, inbox, deps)).rejects.toBeInstanceOf(UnsafePathError);
    expect(readdirSync(other)).toEqual([]);
    expect(readdirSync(inbox).sort()).toEqual(["noise.txt", "rejected"]);
    expect(readFileSync(join(inbox, "noise.txt"), "utf8")).toBe("not a MedCom message");
  });
});

describe("pollInbox never replaces a file", () => {
  it("keeps an earlier refused file of the same name and its report", async () => {
    const inbox = scratch();
    writeFileSync(join(inbox, "noise.txt"), "first");
    await pollInbox(GLN, inbox, deps);
    writeFileSync(join(inbox, "noise.txt"), "second");
    await pollInbox(GLN, inbox, deps);
    const rejected = readdirSync(join(inbox, "rejected"));
    expect(rejected).toHaveLength(4);
    expect(readFileSync(join(inbox, "rejected", "noise.txt"), "utf8")).toBe("first");
    const other = rejected.find((n) => n.startsWith("refused-") && !n.endsWith(".problem.json")) ?? "";
    expect(readFileSync(join(inbox, "rejected", other), "utf8")).toBe("second");
  });

  it("gives a stale claim back under another name when a new file has its name", async () => {
    const inbox = scratch();
    writeFileSync(join(inbox, CLAIMED), "old");
    writeFileSync(join(inbox, "noise.txt"), "new");
    expect(await pollInbox(GLN, inbox, deps, { staleClaimMs: 0 })).toBe(2);
    const rejected = readdirSync(join(inbox, "rejected"))
      .filter((n) => !n.endsWith(".problem.json"))
      .map((n) => readFileSync(join(inbox, "rejected", n), "utf8"));
    expect(rejected.sort()).toEqual(["new", "old"]);
  });
});

describe("pollInbox is not stopped by one file it cannot handle (issue 11, point 10's class)", () => {
  it("moves a file whose handling fails unexpectedly to rejected/ with a report, and goes on with the others", async () => {
    // A valid letter reaches the use case, which finds no store in these deps: an unexpected error, as a bug would be.
    const inbox = scratch();
    writeFileSync(join(inbox, "a-letter.xml"), readExampleBytes("cc5-01-new-message.xml"));
    writeFileSync(join(inbox, "b-noise.txt"), "not a MedCom message");
    expect(await pollInbox(EXAMPLE_SENDER, inbox, deps)).toBe(2);
    expect(readdirSync(inbox)).toEqual(["rejected"]);
    const rejected = readdirSync(join(inbox, "rejected")).sort();
    expect(rejected).toEqual(["a-letter.xml", "a-letter.xml.problem.json", "b-noise.txt", "b-noise.txt.problem.json"]);
    const report = JSON.parse(readFileSync(join(inbox, "rejected", "a-letter.xml.problem.json"), "utf8")) as {
      issues: { code: string }[];
    };
    expect(report.issues.map((i) => i.code)).toEqual(["internal-error"]);
    // Kept byte for byte: nothing is lost, an operator drops it again once the fault is mended.
    expect(
      readFileSync(join(inbox, "rejected", "a-letter.xml")).equals(readExampleBytes("cc5-01-new-message.xml")),
    ).toBe(true);
  });
});
