import { describe, expect, test } from "vitest";
import { REFUSE_CODES, xctlAnswer, xctlToAcknowledgement } from "../../../src/medcom/convert/xctl-to-ack.js";
import type { OperationOutcome } from "../../../src/medcom/model/index.js";
import type { RefuseCode, Xctl } from "../../../src/medcom/oioxml/model.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { sequentialIds } from "../../support/build.js";
import { gln, header, ofType, ownProvenance, receiverOrg, senderOrg, sor } from "./bundle-parts.js";
import { flow4Receipts, readFlowBundle } from "./legacy-examples.js";

const NOW = "2026-01-01T00:00:00+01:00";
const cc = readFlowBundle("Flow3-CareCommunication_Ex_to_OIOXML.xml");

function negative(
  receipt: Xctl,
  kind: "xctl01" | "xctl02",
  refusal: Partial<Record<"envelope" | "letter", [RefuseCode | undefined, string | undefined]>>,
): Xctl {
  const refusalOf = (r: [RefuseCode | undefined, string | undefined] | undefined) =>
    r === undefined ? undefined : { ...(r[0] ? { code: r[0] } : {}), ...(r[1] ? { text: r[1] } : {}) };
  const envelope = refusalOf(refusal.envelope);
  const letter = refusalOf(refusal.letter);
  return {
    ...receipt,
    kind,
    letter: {
      ...receipt.letter,
      versionCode: kind === "xctl01" ? "XC0130Q" : "XC0230Q",
      statisticalCode: kind.toUpperCase(),
    },
    original: {
      ...receipt.original,
      ...(envelope ? { refusal: envelope } : {}),
      letters: receipt.original.letters.map((l) => ({ ...l, ...(letter ? { refusal: letter } : {}) })),
    },
  };
}

describe("Flow4: XCTL03 × 2 → Acknowledgement, against MedCom's converted example", () => {
  const ours = xctlToAcknowledgement(flow4Receipts(), cc, { newId: sequentialIds(500), now: NOW });
  const medcom = readFlowBundle("Flow4-Acknowledgement_Ex_from_OIOXML.xml");

  test("is valid", () => {
    expect(validateMessage(ours).issues).toEqual([]);
  });
  test("ok, answering the CareCommunication's MessageHeader.id, as MedCom's", () => {
    expect(header(ours).response?.code).toBe("ok");
    expect(header(ours).response).toEqual(header(medcom).response);
    expect(ofType<OperationOutcome>(ours, "OperationOutcome")).toEqual([]);
  });
  test("from the letter's receiver to its sender: the same GLNs as MedCom's", () => {
    expect(gln(senderOrg(ours))).toBe(gln(senderOrg(medcom)));
    expect(gln(receiverOrg(ours))).toBe(gln(receiverOrg(medcom)));
    expect(gln(senderOrg(ours))).toBe("5790000121441");
    expect(gln(receiverOrg(ours))).toBe("5790001382445");
    expect(header(ours).eventCoding).toEqual(header(medcom).eventCoding);
  });
  test("timestamp: the receipts' Sent with the Danish offset", () => {
    expect(ours.timestamp).toBe("2023-11-22T12:33:00+01:00");
    // MedCom's defect: its timestamp writes the Danish local 12:33 as UTC ("Z"), an hour off; its own Provenance
    // says 12:33+01:00.
    expect(medcom.timestamp).toBe("2023-11-22T12:33:00Z");
    expect(ownProvenance(ours)?.occurredDateTime).toBe(ownProvenance(medcom)?.occurredDateTime);
  });
  test("Provenance: acknowledgement, revision of the acknowledged MessageHeader, as MedCom's", () => {
    const [mine, theirs] = [ownProvenance(ours), ownProvenance(medcom)];
    expect(mine?.activity).toEqual(theirs?.activity);
    expect(mine?.entity).toEqual(theirs?.entity);
    expect(mine?.agent[0]?.who.reference).toBe(header(ours).sender?.reference);
  });
  test("SOR-IDs and endpoints: the acknowledged message's own", () => {
    expect(header(ours).destination?.[0]?.endpoint).toBe(header(cc).source.endpoint);
    // MedCom's defect (§6.8, Flow3/Flow4 are not a consistent pair): its Ack's SOR-IDs and destination endpoint are
    // Flow1's (359001000016000) while the Flow3 CareCommunication it answers uses 359011000016000/…003.
    expect(sor(receiverOrg(ours))).toBe("359011000016000");
    expect(sor(receiverOrg(medcom))).toBe("359001000016000");
    expect(sor(senderOrg(ours))).toBe(sor(senderOrg(medcom)));
  });
  test("the same receipts give the same Acknowledgement", () => {
    expect(xctlToAcknowledgement(flow4Receipts(), cc, { newId: sequentialIds(500), now: NOW })).toEqual(ours);
  });
});

describe("xctlAnswer (LEGACY.md §7.1, §7.2, §7.4)", () => {
  const [xdis, xbin] = flow4Receipts() as [Xctl, Xctl];

  test("XCTL03 + XCTL03 → ok without issues", () => {
    expect(xctlAnswer([xdis, xbin])).toEqual({ code: "ok", issues: [] });
  });

  test("XCTL03 + XCTL02 → fatal-error with the letter-level refusal", () => {
    const refused = negative(xbin, "xctl02", { letter: ["ukendt_lokationsnummer", "Modtager ikke fundet"] });
    expect(xctlAnswer([xdis, refused])).toEqual({
      code: "fatal-error",
      issues: [{ code: "MSG_Receiver_Identifier_UNKNOWN", message: "Modtager ikke fundet", type: "not-found" }],
    });
  });

  test("an envelope-level refusal of an XCTL01 (VANS) counts too", () => {
    const refused = negative(xdis, "xctl01", { envelope: ["syntaksfejl", "Ugyldig XML"] });
    expect(xctlAnswer([refused, xbin])).toEqual({
      code: "fatal-error",
      issues: [{ code: "syntaksfejl", message: "Ugyldig XML", type: "structure" }],
    });
  });

  test("the same refusal on both receipts is given once; different ones each", () => {
    const same = (r: Xctl) => negative(r, "xctl02", { letter: ["ikke_specificeret", "Ukendt fejl"] });
    expect(xctlAnswer([same(xdis), same(xbin)]).issues).toHaveLength(1);
    const other = negative(xbin, "xctl02", { envelope: ["problem_med_version", undefined] });
    expect(xctlAnswer([same(xdis), other]).issues).toEqual([
      { code: "ikke_specificeret", message: "Ukendt fejl", type: "processing" },
      {
        code: "MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE",
        message: REFUSE_CODES.problem_med_version.text,
        type: "not-supported",
      },
    ]);
  });

  test("a negative receipt without RefuseCode or RefuseText still says it was refused", () => {
    const { code, issues } = xctlAnswer([negative(xdis, "xctl02", {}), xbin]);
    expect(code).toBe("fatal-error");
    expect(issues).toEqual([
      {
        code: "ikke_specificeret",
        message: "Meddelelsen blev afvist uden angivet årsag (XCTL02).",
        type: "processing",
      },
    ]);
  });

  test("RefuseText alone keeps its text under ikke_specificeret", () => {
    const { issues } = xctlAnswer([negative(xdis, "xctl02", { letter: [undefined, "Bilag for stort"] })]);
    expect(issues).toEqual([{ code: "ikke_specificeret", message: "Bilag for stort", type: "processing" }]);
  });

  test("no receipts is a programming error", () => {
    expect(() => xctlAnswer([])).toThrow();
  });
});

describe("a negative answer as an Acknowledgement", () => {
  const [xdis, xbin] = flow4Receipts() as [Xctl, Xctl];
  const refused = negative(xbin, "xctl02", { letter: ["problem_med_modtagerID", "Modtager kan ikke modtage XBIN01"] });
  const ack = xctlToAcknowledgement([xdis, refused], cc, { newId: sequentialIds(600), now: NOW });

  test("is a valid fatal-error whose OperationOutcome carries the RefuseText and §7.4's codes", () => {
    expect(validateMessage(ack).issues).toEqual([]);
    expect(header(ack).response?.code).toBe("fatal-error");
    const [outcome] = ofType<OperationOutcome>(ack, "OperationOutcome");
    expect(outcome?.issue).toEqual([
      {
        severity: "error",
        code: "value",
        details: {
          coding: [
            {
              system: "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-acknowledgement-error-codes",
              code: "MSG_Receiver_Identifier_UNKNOWN",
            },
          ],
          text: "Modtager kan ikke modtage XBIN01",
        },
      },
    ]);
  });

  test("a RefuseCode without MedCom details code stays visible in the text", () => {
    const syntax = negative(xdis, "xctl02", { envelope: ["syntaksfejl", "Fejl i XML"] });
    const [outcome] = ofType<OperationOutcome>(
      xctlToAcknowledgement([syntax, xbin], cc, { newId: sequentialIds(600), now: NOW }),
      "OperationOutcome",
    );
    expect(outcome?.issue[0]).toEqual({
      severity: "error",
      code: "structure",
      details: { text: "Fejl i XML (syntaksfejl)" },
    });
  });
});
