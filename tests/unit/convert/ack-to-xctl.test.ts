// Acknowledgement 2.0 → XCTL (LEGACY.md §7.1–§7.4; use cases table 3, S4): MedCom's Flow2 Acknowledgement against
// their two Flow2 XCTL03, and negative Acknowledgements built by the project's builder → XCTL02 ×2.
import { describe, expect, test } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { acknowledgementToXctls, refusalOf, type LegacyDocumentIds } from "../../../src/medcom/convert/ack-to-xctl.js";
import type { OperationOutcome } from "../../../src/medcom/model/index.js";
import { NOW, sequentialIds } from "../../support/build.js";
import { readFlowBundle } from "./legacy-examples.js";
import { medcomFlow2Xctl03 } from "./to-legacy-examples.js";
import { letterOf } from "./to-legacy-support.js";

const FLOW1_DOCUMENTS: LegacyDocumentIds[] = [
  { kind: "xdis91", envelope: "KuvNrerwerwe99", letter: "Brevt23400929", version: "XD9134L" },
  { kind: "xbin01", envelope: "MEDBIN62529", letter: "031120PWE62528", version: "XB0131X" },
];
const FLOW2_IDS = [
  { envelope: "KuvertNr1256", letter: "BrevNr5698" },
  { envelope: "KuvertNr1287", letter: "BrevNr5612" },
];
const FLOW2_PARTIES = { sender: "5790000121441", receiver: "5790001382445" };

describe("Flow2: MedCom's positive Acknowledgement → their two XCTL03, field by field", () => {
  const ack = readFlowBundle("Flow2-Acknowledgement_Ex_to_OIOXML.xml");
  const result = acknowledgementToXctls(ack, FLOW1_DOCUMENTS, FLOW2_IDS, FLOW2_PARTIES);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const [xdis91Receipt, xbin01Receipt] = result.value;

  test("one XCTL03 per receipted document", () => {
    expect(result.value.map((x) => x.kind)).toEqual(["xctl03", "xctl03"]);
  });

  test("Envelope/Sent is the Acknowledgement's timestamp 12:33Z in Danish time; MedCom's XCTLs keep Flow1's 2023-11-20 17:46", () => {
    expect(xdis91Receipt?.envelope.sent).toEqual({ date: "2023-11-22", time: "13:33" });
    expect(medcomFlow2Xctl03.xdis91().envelope.sent).toEqual({ date: "2023-11-20", time: "17:46" });
  });

  test("every other field is MedCom's", () => {
    const at = xdis91Receipt?.envelope.sent;
    const corrected = (x: ReturnType<typeof medcomFlow2Xctl03.xdis91>) => ({
      ...x,
      envelope: { ...x.envelope, sent: at },
    });
    expect(xdis91Receipt).toEqual(corrected(medcomFlow2Xctl03.xdis91()));
    expect(xbin01Receipt).toEqual(corrected(medcomFlow2Xctl03.xbin01()));
  });

  test("the parties may be left to the Acknowledgement; parties that contradict it are refused", () => {
    expect(acknowledgementToXctls(ack, FLOW1_DOCUMENTS, FLOW2_IDS, { sender: "", receiver: "" }).ok).toBe(true);
    const wrong = acknowledgementToXctls(ack, FLOW1_DOCUMENTS, FLOW2_IDS, {
      ...FLOW2_PARTIES,
      receiver: "5790000000000",
    });
    expect(wrong.issues.map((i) => [i.code, i.path])).toEqual([["legacy-party", "MessageHeader.receiver"]]);
  });
});

describe("a negative Acknowledgement → an XCTL02 per document, the refusal at letter level (§7.4)", () => {
  const letter = letterOf("new-ppr-to-gp.json");
  const negative = (code: "fatal-error" | "transient-error", issues: { code: string; message: string }[]) =>
    buildAcknowledgement({ message: letter, code, issues, newId: sequentialIds(800), now: NOW });
  const documents: LegacyDocumentIds[] = [
    { kind: "xdis91", envelope: "KuvNr000000001", letter: "BrevNr00000001", version: "XD9134L" },
    { kind: "xbin01", envelope: "KuvNr000000002", letter: "BrevNr00000002", version: "XB0131X" },
  ];
  const ids = [
    { envelope: "XctlKuv0000001", letter: "XctlBrev000001" },
    { envelope: "XctlKuv0000002", letter: "XctlBrev000002" },
  ];
  const parties = { sender: "5790000209354", receiver: "5790001348120" };

  test("fatal-error: XCTL02 ×2 with the same RefuseCode and text; the receipts' parties are the Acknowledgement's", () => {
    const ack = negative("fatal-error", [
      { code: "MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE", message: "Modtager kan ikke modtage meddelelsestypen." },
    ]);
    const result = acknowledgementToXctls(ack, documents, ids, parties);
    expect(result.ok && result.value).toEqual(
      documents.map((d, i) => ({
        kind: "xctl02",
        envelope: {
          sent: { date: "2026-11-22", time: "10:00" },
          identifier: ids[i]?.envelope,
          acknowledgementCode: "minuspositivkvitt",
        },
        letter: { identifier: ids[i]?.letter, versionCode: "XC0230Q", statisticalCode: "XCTL02" },
        sender: "5790000209354",
        receiver: "5790001348120",
        original: {
          envelopeIdentifier: d.envelope,
          sender: "5790001348120",
          receiver: "5790000209354",
          letters: [
            {
              identifier: d.letter,
              versionCode: d.version,
              refusal: { code: "problem_med_version", text: "Modtager kan ikke modtage meddelelsestypen." },
            },
          ],
        },
      })),
    );
  });

  test("transient-error is XCTL02 too (the FHIR distinction is lost, §7.1); several issues' texts on separate lines", () => {
    const ack = negative("transient-error", [
      { code: "MSG_Mailbox_Out_Of_Operation", message: "Postkassen er lukket." },
      { code: "gateway-busy", message: "Prøv igen senere." },
    ]);
    const result = acknowledgementToXctls(ack, documents.slice(0, 1), ids, parties);
    expect(result.ok && result.value.map((x) => [x.kind, x.original.letters[0]?.refusal])).toEqual([
      ["xctl02", { code: "ikke_specificeret", text: "Postkassen er lukket.\nPrøv igen senere. (gateway-busy)" }],
    ]);
  });

  test("RefuseCode from §7.4 read backwards; default ikke_specificeret; display or diagnostics when there is no text", () => {
    const outcome = (...issue: OperationOutcome["issue"]): OperationOutcome => ({
      resourceType: "OperationOutcome",
      issue,
    });
    const refuse = (code: string, detail?: string) =>
      refusalOf(outcome({ severity: "error", code, ...(detail ? { details: { coding: [{ code: detail }] } } : {}) }))
        .code;
    expect(refuse("structure")).toBe("syntaksfejl");
    expect(refuse("not-supported")).toBe("problem_med_version");
    expect(refuse("not-found")).toBe("ukendt_lokationsnummer");
    expect(refuse("value")).toBe("problem_med_modtagerID");
    expect(refuse("processing")).toBe("ikke_specificeret");
    expect(refuse("transient", "MSG_Receiver_Identifier_UNKNOWN")).toBe("ukendt_lokationsnummer");
    expect(refuse("value", "MSG_Receiver_Identifier_UNKNOWN")).toBe("problem_med_modtagerID");
    expect(refuse("transient", "MSG_Receiver_Identifier_MISSING")).toBe("problem_med_modtagerID");
    expect(refusalOf(undefined)).toEqual({ code: "ikke_specificeret" });
    expect(
      refusalOf(
        outcome(
          { severity: "error", code: "processing", details: { coding: [{ code: "X", display: "Vist tekst" }] } },
          { severity: "error", code: "structure", diagnostics: "Diagnose" },
          { severity: "error", code: "processing", details: { text: " " } },
        ),
      ),
    ).toEqual({ code: "syntaksfejl", text: "Vist tekst\nDiagnose" });
  });
});

describe("what cannot be converted", () => {
  const ack = readFlowBundle("Flow2-Acknowledgement_Ex_to_OIOXML.xml");

  test("a CareCommunication is no receipt; a Bundle without MessageHeader is no message", () => {
    expect(
      acknowledgementToXctls(letterOf("new-ppr-to-gp.json"), FLOW1_DOCUMENTS, FLOW2_IDS, FLOW2_PARTIES).issues[0]?.code,
    ).toBe("legacy-not-a-receipt");
    expect(
      acknowledgementToXctls({ resourceType: "Bundle", type: "message" }, FLOW1_DOCUMENTS, FLOW2_IDS, FLOW2_PARTIES)
        .issues[0]?.code,
    ).toBe("legacy-not-a-message");
  });

  test("receipts are not receipted; nothing to receipt; too few or too long ids; no timestamp", () => {
    const codes = (...args: Parameters<typeof acknowledgementToXctls>) =>
      acknowledgementToXctls(...args).issues.map((i) => i.code);
    const xctl: LegacyDocumentIds = { kind: "xctl03", envelope: "K", letter: "B", version: "XC0330Q" };
    expect(codes(ack, [xctl], FLOW2_IDS, FLOW2_PARTIES)).toEqual(["legacy-receipted"]);
    expect(codes(ack, [], FLOW2_IDS, FLOW2_PARTIES)).toEqual(["legacy-receipted"]);
    expect(codes(ack, FLOW1_DOCUMENTS, FLOW2_IDS.slice(1), FLOW2_PARTIES)).toEqual(["legacy-id"]);
    expect(
      codes(ack, FLOW1_DOCUMENTS, [...FLOW2_IDS, { envelope: "x".repeat(15), letter: "y" }], FLOW2_PARTIES),
    ).toEqual(["legacy-id"]);
    const nameless = structuredClone(ack);
    for (const entry of nameless.entry ?? []) {
      if (entry.resource?.resourceType === "Organization")
        delete (entry.resource as { identifier?: unknown }).identifier;
    }
    expect(codes(nameless, FLOW1_DOCUMENTS, FLOW2_IDS, { sender: "", receiver: "" })).toEqual([
      "legacy-party",
      "legacy-party",
    ]);
    const { timestamp: _t, ...untimed } = ack;
    expect(codes(untimed, FLOW1_DOCUMENTS, FLOW2_IDS, FLOW2_PARTIES)).toEqual(["legacy-time"]);
  });
});
