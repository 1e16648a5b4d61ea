// The conversion over MedCom's OIOXML example files as the OIOXML reader reads them (helper A's readOioxml).
import { describe, expect, test } from "vitest";
import { xctlAnswer, xctlToAcknowledgement } from "../../../src/medcom/convert/xctl-to-ack.js";
import { xdis91ToCareCommunication } from "../../../src/medcom/convert/xdis91-to-cc.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import {
  readOioxml,
  type OioxmlDocument,
  type Xbin01,
  type Xctl,
  type Xdis91,
} from "../../../src/medcom/oioxml/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { sequentialIds } from "../../support/build.js";
import { legacyExample } from "../../support/legacy-examples.js";
import { header, textSegment } from "./bundle-parts.js";
import { FLOW1_PARTIES, flow1Xbin01, flow1Xdis91, flow4Receipts, readFlowBundle } from "./legacy-examples.js";

function read(name: string, kind: OioxmlDocument["kind"]): OioxmlDocument {
  const result = readOioxml(legacyExample(name));
  if (!result.ok) throw new Error(`${name} is not readable: ${JSON.stringify(result.issues)}`);
  expect(result.value.kind).toBe(kind);
  return result.value;
}
const flows = (file: string) => `conversion-flows/${file}`;

describe("Flow1 as read from the files", () => {
  const letter = read(flows("Flow1-XDIS91_Ex_to_FHIR.xml"), "xdis91") as Xdis91;
  const binary = read(flows("Flow1-XBIN01_Ex_to_FHIR.xml"), "xbin01") as Xbin01;

  test("the reader gives the model the hand-written literals describe", () => {
    expect(letter).toEqual(flow1Xdis91());
    expect(binary).toEqual(flow1Xbin01());
  });

  test("converts to the same CareCommunication, complete and valid", () => {
    const fromFiles = xdis91ToCareCommunication(letter, binary, { parties: FLOW1_PARTIES });
    expect(fromFiles).toEqual(xdis91ToCareCommunication(flow1Xdis91(), flow1Xbin01(), { parties: FLOW1_PARTIES }));
    expect(fromFiles.issues).toEqual([]);
    expect(validateMessage(fromFiles.bundle).issues).toEqual([]);
  });
});

describe("Flow4 as read from the files", () => {
  const receipts = [
    read(flows("Flow4-XCTL03_Ex_to_FHIR_XDIS91.xml"), "xctl03"),
    read(flows("Flow4-XCTL03_Ex_to_FHIR_XBIN01.xml"), "xctl03"),
  ] as Xctl[];

  test("the reader gives the literals' receipts (apart from the namespace it notes)", () => {
    const withoutNamespace = receipts.map(({ namespace: _ns, ...rest }) => rest);
    expect(withoutNamespace).toEqual(flow4Receipts());
  });

  test("they answer Flow3's CareCommunication with a valid ok", () => {
    const cc: Bundle = readFlowBundle("Flow3-CareCommunication_Ex_to_OIOXML.xml");
    const ack = xctlToAcknowledgement(receipts, cc, { newId: sequentialIds(40), now: "2026-01-01T00:00:00+01:00" });
    expect(header(ack).response).toEqual({ identifier: header(cc).id, code: "ok" });
    expect(validateMessage(ack).issues).toEqual([]);
  });
});

describe("OS2korrespondance's fixtures", () => {
  test("its XCTL02 (syntaksfejl at letter level) is a fatal-error carrying the RefuseText", () => {
    const receipt = read("os2korrespondance-fixtures/negative_receipt.xml", "xctl02") as Xctl;
    const { code, issues } = xctlAnswer([receipt]);
    expect(code).toBe("fatal-error");
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe("syntaksfejl");
    expect(issues[0]?.type).toBe("structure");
    expect(issues[0]?.message).toBe(receipt.original.letters[0]?.refusal?.text?.trim());
  });

  test.each(["formattet_text.xml", "special_characters.xml", "escaped_formatted_text.xml"])(
    "%s converts to a CareCommunication valid but for the fixture's GLNs",
    (file) => {
      const letter = read(`os2korrespondance-fixtures/${file}`, "xdis91") as Xdis91;
      const parties = {
        sender: { gln: letter.sender.ean, sor: "11111111111", name: "Afsender" },
        receiver: { gln: letter.receiver.ean, sor: "22222222222", name: "Modtager" },
      };
      const { bundle, issues } = xdis91ToCareCommunication(letter, undefined, { parties });
      expect(letter.references).toEqual([]);
      expect(issues).toEqual([]);
      // The fixtures' GLNs (5790000120400, 2220001382432) fail GS1's check digit: the validator rightly says so,
      // and that is all it says.
      const errors = validateMessage(bundle).issues.filter((i) => i.severity === "error");
      expect([...new Set(errors.map((i) => i.code))]).toEqual(["gln-check-digit"]);
      expect(textSegment(bundle)?.contentString?.length).toBeGreaterThan(0);
    },
  );
});
