// The file side's hostile message ids (test-fixtures/hostile/files.ts, issue 11 point 1) on the file-drop inbox path:
// a letter dropped with a hostile MessageHeader.id (or, for ids that are not FHIR ids, a hostile Bundle.id or
// Patient.id) is refused and nothing is sent: the receiver's mailbox stays empty, no file is named after the id, and
// the letter is either moved to rejected/ beside a problem report or answered with a fatal-error Acknowledgement
// (MedCom's answer to a refused letter) that quotes no hostile id — a letter whose MessageHeader.id is not a FHIR id
// cannot be answered (no answer could quote it) and must go to rejected/.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import { isFhirId } from "../../../src/medcom/ids.js";
import type { Bundle, MessageHeader } from "../../../src/medcom/model/index.js";
import { hostileMessageIds } from "../../../test-fixtures/hostile/files.js";
import { composeFixture, DEMO_PARTIES, NOW, sequentialIds } from "../../support/build.js";
import { demoConfig, gatewayForFile, glnFrom, GLN, KEYS, until } from "../../support/gateway.js";

const DROP = { gln: glnFrom("579000020021"), sor: "100000000000041", name: "PPR Fildrop Øst" };
const root = mkdtempSync(join(tmpdir(), "mg-inbox-ids-"));
const outbox = join(root, "out");
const inbox = join(root, "inbox");
mkdirSync(outbox);
mkdirSync(inbox);

const gateway = gatewayForFile({
  config: demoConfig({
    locations: [
      {
        ...DROP,
        kind: "municipality",
        formats: ["application/fhir+json"],
        delivery: { adapter: "file-drop", dir: outbox, inbox },
      },
    ],
  }),
});

type Place = "MessageHeader.id" | "Bundle.id" | "Patient.id";
let nextId = 0x6000_0000;

function letterWith(place: Place, hostile: string): string {
  const letter: Bundle = buildCareCommunication(composeFixture("new-ppr-to-gp.json", { sender: DROP.gln }), {
    newId: sequentialIds((nextId += 0x100)),
    now: NOW,
    parties: { sender: DROP, receiver: DEMO_PARTIES[GLN.gp] ?? DROP },
  });
  const from =
    place === "Bundle.id"
      ? (letter.id ?? "")
      : place === "MessageHeader.id"
        ? (letter.entry?.[0]?.resource?.id ?? "")
        : (letter.entry?.find((e) => e.resource?.resourceType === "Patient")?.resource?.id ?? "");
  return JSON.stringify(JSON.parse(writeFhirJson(letter)))
    .split(from)
    .join(JSON.stringify(hostile).slice(1, -1));
}

// A Bundle.id or resource id need only be a FHIR id (DOMAIN.md); a MessageHeader.id must be a lower-case UUID.
const CASES: { place: Place; id: string; file: string }[] = hostileMessageIds.flatMap((id, i) =>
  (["MessageHeader.id", "Bundle.id", "Patient.id"] as const)
    .filter((place) => place === "MessageHeader.id" || !isFhirId(id))
    .map((place) => ({ place, id, file: `hostile-${i}-${place.replace(".", "-")}.json` })),
);

const reportOf = (file: string) => {
  try {
    return JSON.parse(readFileSync(join(inbox, "rejected", `${file}.problem.json`), "utf8")) as {
      issues: { code: string }[];
    };
  } catch {
    return undefined;
  }
};
const shown = (c: (typeof CASES)[number]) => `${c.place} ${JSON.stringify(c.id).slice(0, 40)}`;

describe("a dropped letter with a hostile id", () => {
  it("is refused — rejected/ with a problem report, or a fatal-error answer quoting no hostile id — and nothing is sent", async () => {
    for (const c of CASES) writeFileSync(join(inbox, c.file), letterWith(c.place, c.id));
    // Every dropped file is taken from the inbox (answered, or moved to rejected/).
    await until(() => (readdirSync(inbox).some((n) => n.startsWith("hostile-")) ? undefined : true), 120_000);
    await new Promise((r) => setTimeout(r, 1_000)); // answers are written after the file is taken

    // An answer can only quote an id that is one (MedCom's response.identifier is a FHIR id, DOMAIN.md §2.4): a
    // letter whose MessageHeader.id is not a FHIR id goes to rejected/ with a report; others may be answered.
    const answers = readdirSync(outbox)
      .filter((n) => !n.startsWith("."))
      .map((n) => ({ name: n, ack: JSON.parse(readFileSync(join(outbox, n), "utf8")) as Bundle }));
    for (const { name } of answers) expect(name).toMatch(/^[0-9a-f-]{36}\.json$/); // no file named after an id
    const quoted = answers.map(({ ack }) => {
      const header = ack.entry?.[0]?.resource as MessageHeader;
      return { code: header.response?.code, identifier: header.response?.identifier ?? "" };
    });
    const badAnswers = quoted.filter((q) => q.code !== "fatal-error" || !isFhirId(q.identifier));
    expect(badAnswers.map((q) => `${q.code ?? ""} ${JSON.stringify(q.identifier).slice(0, 40)}`)).toEqual([]);
    const wrong = CASES.filter((c) => {
      const rejected = (reportOf(c.file)?.issues.length ?? 0) > 0;
      const mustReject = c.place === "MessageHeader.id" && !isFhirId(c.id);
      return mustReject ? !rejected : false;
    }).map(shown);
    expect(wrong).toEqual([]);
    expect(answers.length + CASES.filter((c) => reportOf(c.file)).length).toBe(CASES.length);

    // Nothing reached the receiver.
    const mailbox = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages`, { key: KEYS.gp });
    expect(mailbox.status).toBe(200);
    expect(((await mailbox.json()) as { items: unknown[] }).items).toEqual([]);
  }, 180_000);
});
