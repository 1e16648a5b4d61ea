// Everything the FHIR → OIOXML conversion makes — every case of the CC → XDIS91/XBIN01 and Acknowledgement → XCTL
// tests — is written with writeOioxml and validated against MedCom's XSDs with xmllint, and reads back as it was.
import { describe, expect, test } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { acknowledgementToXctls } from "../../../src/medcom/convert/ack-to-xctl.js";
import { careCommunicationToXdis91 } from "../../../src/medcom/convert/cc-to-xdis91.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { OioNamespace, type OioxmlDocument } from "../../../src/medcom/oioxml/model.js";
import { readOioxml } from "../../../src/medcom/oioxml/read.js";
import { writeOioxml } from "../../../src/medcom/oioxml/write.js";
import { IdentifierSystem } from "../../../src/medcom/systems.js";
import { NOW, build, composeFixture, conversation, sequentialIds } from "../../support/build.js";
import { readFlowBundle } from "./legacy-examples.js";
import { readExampleBundle } from "../../support/messages.js";
import { fhirExampleNames } from "../../support/shared.js";
import { IDS, convert, letterOf, patientOf, payloadOf } from "./to-legacy-support.js";
import { schemaErrors } from "./to-legacy-xmllint.js";

function withPatientIds(bundle: Bundle, ...ids: [string, string][]): Bundle {
  patientOf(bundle).identifier = ids.map(([system, value]) => ({ system, value }));
  return bundle;
}

const { first, reply, forward, replyWithAttachments, replyToForward } = conversation();
const letters: Record<string, Bundle> = {
  "Flow3 (MedCom's example)": readFlowBundle("Flow3-CareCommunication_Ex_to_OIOXML.xml"),
  "new (ConSer_CC_02)": first,
  "regarding-referral, asap, episode of care": letterOf("new-regarding-referral-asap.json"),
  "attachments, url, specific parties (ConSer_CC_03)": letterOf("new-with-attachments.json"),
  "six attachment types (ConSer_CC_04)": letterOf("new-ppr-to-gp.json", {
    attachments: ["application/pdf", "image/jpeg", "image/png", "image/gif", "image/tiff", "image/bmp"].map(
      (contentType, i) => ({ title: `Bilag ${i} – æøå €`, contentType, data: payloadOf(100 + i) }),
    ),
  }),
  "ten attachments, the most XDIS91 holds": letterOf("new-ppr-to-gp.json", {
    attachments: Array.from({ length: 10 }, (_, i) => ({
      title: `Bilag ${i}`,
      contentType: "application/pdf",
      data: payloadOf(5),
    })),
  }),
  "reply (ConSer_CC_07)": reply,
  "reply with a new attachment (ConSer_CC_08)": build(
    composeFixture("reply-gp-to-ppr.json", {
      attachments: [{ title: "Journalnotat", contentType: "image/png", data: payloadOf(20) }],
    }),
    first,
    sequentialIds(600),
  ),
  "reply to a letter with attachments (ConSer_CC_09)": replyWithAttachments,
  "forward with attachments (ConSer_CC_11)": forward,
  "reply with specific parties and a local episode of care": replyToForward,
  "replacement CPR (ConSer_CC_12)": letterOf("new-other-with-topic.json"),
  "CPR + replacement CPR (ConSer_CC_13)": withPatientIds(
    letterOf("new-ppr-to-gp.json"),
    [IdentifierSystem.cpr, "2509479989"],
    [IdentifierSystem.dEcpr, "0703928VJ4"],
  ),
  "two replacement CPRs (ConSer_CC_15)": withPatientIds(
    letterOf("new-ppr-to-gp.json"),
    [IdentifierSystem.dEcpr, "0703928VJ4"],
    [IdentifierSystem.xEcpr, "0703921VJ4"],
  ),
  "a long text in several blocks, a long subject": letterOf("new-ppr-to-gp.json", {
    topic: "Opfølgning på samtale om skolevægring, fravær og trivsel i indskolingen",
    text: Array.from({ length: 900 }, (_, i) => `Linje ${i}: tekst med <tegn> & "citater" og 😀.`).join("\n"),
  }),
};

const documents: [string, OioxmlDocument][] = Object.entries(letters).flatMap(([name, bundle]) => {
  const { letter, binary } = convert(bundle);
  return binary
    ? [
        [`${name}: XDIS91`, letter],
        [`${name}: XBIN01`, binary],
      ]
    : [[`${name}: XDIS91`, letter]];
});
const receipts = (name: string, ack: Bundle) => {
  const result = acknowledgementToXctls(
    ack,
    [
      { kind: "xdis91", envelope: "KuvNr000000001", letter: "BrevNr00000001", version: "XD9134L" },
      { kind: "xbin01", envelope: "KuvNr000000002", letter: "BrevNr00000002", version: "XB0131X" },
    ],
    [
      { envelope: "XctlKuv0000001", letter: "XctlBrev000001" },
      { envelope: "XctlKuv0000002", letter: "XctlBrev000002" },
    ],
    { sender: "", receiver: "" },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value.map((x, i): [string, OioxmlDocument] => [`${name}: ${x.kind} #${i + 1}`, x]);
};
documents.push(
  ...receipts("Flow2 Acknowledgement", readFlowBundle("Flow2-Acknowledgement_Ex_to_OIOXML.xml")),
  ...receipts(
    "fatal-error",
    buildAcknowledgement({
      message: first,
      code: "fatal-error",
      issues: [{ code: "MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE", message: "Kan ikke modtage.\nAnden linje & <mere>" }],
      newId: sequentialIds(900),
      now: NOW,
    }),
  ),
  ...receipts(
    "transient-error without issues",
    buildAcknowledgement({ message: first, code: "transient-error", newId: sequentialIds(950), now: NOW }),
  ),
);

describe("what the conversion writes validates against MedCom's XSDs", () => {
  test.each(documents)("%s", (_name, doc) => {
    expect(schemaErrors(doc)).toBe("");
  });
});

describe("and reads back as it was written", () => {
  test.each(documents)("%s", (_name, doc) => {
    const read = readOioxml(writeOioxml(doc));
    // The reader notes the namespace a receipt came in (XCTL is read in two).
    expect(read.ok && read.value).toEqual(doc.kind.startsWith("xctl") ? { ...doc, namespace: OioNamespace.xctl } : doc);
  });
});

describe("every official CareCommunication example converts to schema-valid OIOXML", () => {
  const examples = fhirExampleNames()
    .map((name): [string, Bundle] => [name, readExampleBundle(name)])
    .filter(([, bundle]) => bundle.entry?.some((e) => e.resource?.resourceType === "Communication"));

  test("there are examples of every kind", () => {
    expect(examples.length).toBeGreaterThanOrEqual(9);
  });

  test.each(examples)("%s", (_name, bundle) => {
    const result = careCommunicationToXdis91(bundle, IDS);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    if (!result.ok) return;
    expect(schemaErrors(result.value.letter)).toBe("");
    if (result.value.binary) expect(schemaErrors(result.value.binary)).toBe("");
  });
});
