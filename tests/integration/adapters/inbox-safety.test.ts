// File-drop inboxes are folders other systems write to: nothing in them may redirect the gateway (issue 11, point 3).
// Links are not followed (not even a rejected/ that points into another location's inbox, where a refused letter
// would be sent as that location), only regular files within the size limit are read, a FIFO does not hang the
// poller, and problem reports are not written through a predictable temporary name.
import { spawnSync } from "node:child_process";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LocationConfig } from "../../../src/config/schema.js";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { hostileDropNames } from "../../../test-fixtures/hostile/files.js";
import { composeFixture, DEMO_PARTIES, NOW, sequentialIds } from "../../support/build.js";
import { demoConfig, gatewayForFile, glnFrom, GLN, KEYS, until, waitForStatus } from "../../support/gateway.js";

type Party = { gln: string; sor: string; name: string };
const DROP = { gln: glnFrom("579000020011"), sor: "100000000000031", name: "PPR Fildrop Syd" };
const VICTIM = { gln: glnFrom("579000020012"), sor: "100000000000032", name: "PPR Fildrop Nord" };
const ATTACKER = { gln: glnFrom("579000020013"), sor: "100000000000033", name: "PPR Fildrop Vest" };
const root = mkdtempSync(join(tmpdir(), "mg-inbox-safety-"));
const folders = (name: string) => {
  const dir = join(root, name);
  mkdirSync(join(dir, "out"), { recursive: true });
  mkdirSync(join(dir, "inbox"));
  return { dir: join(dir, "out"), inbox: join(dir, "inbox") };
};
const drop = folders("drop");
const victim = folders("victim");
const attacker = folders("attacker");
const MAX_BYTES = 64 * 1024;

const location = (party: Party, delivery: { dir: string; inbox: string }): LocationConfig => ({
  ...party,
  kind: "municipality",
  formats: ["application/fhir+xml"],
  delivery: { adapter: "file-drop", ...delivery },
});

const gateway = gatewayForFile({
  config: demoConfig({ locations: [location(DROP, drop), location(VICTIM, victim), location(ATTACKER, attacker)] }),
  env: { maxBodyBytes: MAX_BYTES },
});

let nextId = 10_000;
function letterFrom(sender: Party): { xml: string; id: string } {
  const letter: Bundle = buildCareCommunication(composeFixture("new-ppr-to-gp.json", { sender: sender.gln }), {
    newId: sequentialIds((nextId += 100)),
    now: NOW,
    parties: { sender, receiver: DEMO_PARTIES[GLN.gp] ?? sender },
  });
  return { xml: writeFhirXml(letter), id: letter.entry?.[0]?.resource?.id ?? "" };
}

const status = async (id: string) => (await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).status;
const visible = (dir: string) => readdirSync(dir).filter((n) => !n.startsWith("."));
const report = (inbox: string, name: string) =>
  until(() => {
    try {
      return JSON.parse(readFileSync(join(inbox, "rejected", name), "utf8")) as {
        file: string;
        issues: { code: string }[];
      };
    } catch {
      return undefined;
    }
  });
const polls = (n: number) => new Promise((r) => setTimeout(r, n * 1_000 + 500));

describe("file-drop inboxes never follow links", () => {
  it("does not read through a link in the inbox; the link goes to rejected/ (0750) with a report", async () => {
    const outside = join(root, "outside.xml");
    const letter = letterFrom(DROP);
    writeFileSync(outside, letter.xml);
    symlinkSync(outside, join(drop.inbox, "linked.xml"));
    expect((await report(drop.inbox, "linked.xml.problem.json")).issues).toEqual([
      expect.objectContaining({ code: "file-not-regular" }),
    ]);
    // The report is written first, then the file moved beside it.
    const moved = await until(() => {
      try {
        return lstatSync(join(drop.inbox, "rejected", "linked.xml"));
      } catch {
        return undefined;
      }
    });
    expect(moved.isSymbolicLink()).toBe(true);
    expect(lstatSync(join(drop.inbox, "rejected")).mode & 0o777).toBe(0o750);
    expect(readFileSync(outside, "utf8")).toBe(letter.xml);
    expect(await status(letter.id)).toBe(404);
  });

  it("does not take a hard link to a file elsewhere", async () => {
    const outside = join(root, "outside-hard.xml");
    const letter = letterFrom(DROP);
    writeFileSync(outside, letter.xml);
    linkSync(outside, join(drop.inbox, "hard.xml"));
    expect((await report(drop.inbox, "hard.xml.problem.json")).issues).toEqual([
      expect.objectContaining({ code: "file-not-regular" }),
    ]);
    expect(await status(letter.id)).toBe(404);
  });

  it("never sends a refused letter as another location through a rejected/ link into that location's inbox", async () => {
    symlinkSync(victim.inbox, join(attacker.inbox, "rejected"));
    // The attacker drops a letter claiming the victim as its sender: refused, and it must stay refused.
    const letter = letterFrom(VICTIM);
    writeFileSync(join(attacker.inbox, "forged.xml"), letter.xml);
    await polls(3);
    expect(visible(victim.inbox)).toEqual([]);
    expect(visible(victim.dir)).toEqual([]);
    expect(await status(letter.id)).toBe(404);
    rmSync(join(attacker.inbox, "rejected"));
    rmSync(join(attacker.inbox, "forged.xml"), { force: true });
  });

  it("writes a problem report under a random temporary name, not through a link planted at the old one", async () => {
    const target = join(root, "precious");
    writeFileSync(target, "precious");
    mkdirSync(join(drop.inbox, "rejected"), { recursive: true });
    symlinkSync(target, join(drop.inbox, "rejected", "noise-2.txt.problem.json.tmp"));
    writeFileSync(join(drop.inbox, "noise-2.txt"), "not a MedCom message");
    expect((await report(drop.inbox, "noise-2.txt.problem.json")).issues).toEqual([
      expect.objectContaining({ code: "format-unknown" }),
    ]);
    expect(readFileSync(target, "utf8")).toBe("precious");
    expect(lstatSync(join(drop.inbox, "rejected", "noise-2.txt.problem.json")).mode & 0o777).toBe(0o640);
  });
});

describe("file-drop inboxes read only regular files within the limit", () => {
  it("refuses a file over the body limit without reading it as a message", async () => {
    const letter = letterFrom(DROP);
    writeFileSync(join(drop.inbox, "big.xml"), `${letter.xml}${" ".repeat(MAX_BYTES)}`);
    expect((await report(drop.inbox, "big.xml.problem.json")).issues).toEqual([
      expect.objectContaining({ code: "file-too-large" }),
    ]);
    expect(await status(letter.id)).toBe(404);
  });

  it("is not held up by a FIFO: it is refused and the next letter is sent", async () => {
    expect(spawnSync("mkfifo", [join(drop.inbox, "pipe.xml")]).status).toBe(0);
    expect((await report(drop.inbox, "pipe.xml.problem.json")).issues).toEqual([
      expect.objectContaining({ code: "file-not-regular" }),
    ]);
    const letter = letterFrom(DROP);
    writeFileSync(join(drop.inbox, "after-pipe.xml"), letter.xml);
    expect((await waitForStatus(gateway, letter.id, ["delivered"])).sender.gln).toBe(DROP.gln);
  });

  it.each(hostileDropNames.map((n) => [JSON.stringify(n).slice(0, 40), n]))(
    "moves an oddly named file %s to rejected/ under a name of its own",
    async (_shown, name) => {
      const before = new Set(readdirSync(join(drop.inbox, "rejected")));
      writeFileSync(join(drop.inbox, name), "not a MedCom message");
      const made = await until(() =>
        readdirSync(join(drop.inbox, "rejected")).find((n) => !before.has(n) && n.endsWith(".problem.json")),
      );
      expect(made).toMatch(/^refused-[0-9a-f-]{36}\.problem\.json$/);
      // The report is written first, then the file moved beside it.
      const kept = made.replace(/\.problem\.json$/, "");
      await until(() => (readdirSync(join(drop.inbox, "rejected")).includes(kept) ? true : undefined));
      expect(visible(root).sort()).toEqual([
        "attacker",
        "drop",
        "outside-hard.xml",
        "outside.xml",
        "precious",
        "victim",
      ]);
    },
  );
});
