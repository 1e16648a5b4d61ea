// Unreadable OIOXML (issue 15, plan decision 4): refused with every issue and its path, and answered with the XCTL02
// itself where the sender reads receipts — RefuseCode syntaksfejl or problem_med_version, MedCom's conversion text and
// the reasons (LEGACY.md §6.7, §7.4) — valid against MedCom's XSD; in a file-drop inbox, written beside the report.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pollInbox } from "../../../src/background/inbox-poller.js";
import type { GatewayError } from "../../../src/errors.js";
import { readOioxml, type Xctl } from "../../../src/medcom/oioxml/index.js";
import { receiveDropped } from "../../../src/usecases/inbox/receive-dropped.js";
import { UnreadableOioxml } from "../../../src/usecases/legacy/read-document.js";
import { refusalReceipt } from "../../../src/usecases/legacy/refusal-receipt.js";
import { submitOioxml } from "../../../src/usecases/legacy/submit-oioxml.js";
import { CONVERSION_FAILED_TEXT } from "../../../src/usecases/legacy/texts.js";
import { emessageXsd } from "../../support/legacy-examples.js";
import {
  brokenXdis91,
  FLOW1,
  LEGACY_RECEIVER,
  LEGACY_SENDER,
  otherVersionXdis91,
  withLegacyParties,
  xctl03,
  xdis91,
} from "../../support/legacy-letters.js";
import { memoryGateway, type MemoryGateway } from "../../support/memory-gateway.js";
import { xmllintValidate } from "../../support/xmllint.js";

const legacyGateway = () => memoryGateway({}, withLegacyParties);
const submit = (g: MemoryGateway, bytes: Uint8Array) => submitOioxml(g.caller("bup-hilleroed"), bytes, g.deps);

describe("unreadable OIOXML", () => {
  it("is refused with every issue and its path, and its XCTL02 says syntaksfejl with MedCom's text", async () => {
    const g = legacyGateway();
    const error = await submit(g, brokenXdis91()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableOioxml);
    const issues = (error as GatewayError).issues;
    expect(issues.map((i) => i.path).join(" ")).toContain("/Emessage/ClinicalEmail/Patient");
    const receipt = refusalReceipt(brokenXdis91(), issues, g.clock.now());
    const read = readOioxml(receipt ?? new Uint8Array());
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    const xctl = read.value as Xctl;
    expect(xctl).toMatchObject({
      kind: "xctl02",
      sender: LEGACY_RECEIVER,
      receiver: LEGACY_SENDER,
      original: {
        envelopeIdentifier: FLOW1.envelope,
        letters: [{ identifier: FLOW1.letter, versionCode: "XD9134L", refusal: { code: "syntaksfejl" } }],
      },
    });
    expect(xctl.original.letters[0]?.refusal?.text).toContain(CONVERSION_FAILED_TEXT);
    // What reaches a legacy party validates against MedCom's XSDs (issue 15).
    const lint = xmllintValidate(receipt ?? new Uint8Array(), emessageXsd.xctl);
    expect(lint.output).toBe("");
    expect(lint.valid).toBe(true);
  });

  it("an unreadable receipt gets no receipt (XCTL is never receipted)", () => {
    const broken = new TextDecoder().decode(xctl03("xdis91")).replace("<StatisticalCode>XCTL03</StatisticalCode>", "");
    const issues = [{ severity: "error" as const, code: "oioxml-missing", path: "/Emessage", message: "broken" }];
    expect(refusalReceipt(new TextEncoder().encode(broken), issues, new Date())).toBeUndefined();
  });

  it("another version is answered problem_med_version", async () => {
    const g = legacyGateway();
    const error = (await submit(g, otherVersionXdis91()).catch((e: unknown) => e)) as GatewayError;
    const read = readOioxml(refusalReceipt(otherVersionXdis91(), error.issues, g.clock.now()) ?? "");
    expect(read.ok && (read.value as Xctl).original.letters[0]?.refusal?.code).toBe("problem_med_version");
  });

  it("dropped in the inbox: refused with the XCTL02 to write beside the problem report", async () => {
    const g = legacyGateway();
    const outcome = await receiveDropped(LEGACY_SENDER, brokenXdis91(), g.deps);
    expect(outcome.outcome).toBe("refused");
    expect(outcome.outcome === "refused" && outcome.receipt && readOioxml(outcome.receipt).ok).toBe(true);
  });

  it("the inbox poller writes the XCTL02 beside the refused file's problem report", async () => {
    const g = legacyGateway();
    const inbox = mkdtempSync(join(tmpdir(), "mg-legacy-inbox-"));
    writeFileSync(join(inbox, "brev.xml"), brokenXdis91());
    writeFileSync(join(inbox, "ok.xml"), xdis91({ attachments: 0 }));
    expect(await pollInbox(LEGACY_SENDER, inbox, g.deps)).toBe(2);
    expect(readdirSync(inbox)).toEqual(["rejected"]);
    expect(readdirSync(join(inbox, "rejected")).sort()).toEqual([
      "brev.xml",
      "brev.xml.problem.json",
      "brev.xml.xctl02.xml",
    ]);
    const receipt = readOioxml(readFileSync(join(inbox, "rejected", "brev.xml.xctl02.xml")));
    expect(receipt.ok && receipt.value.kind).toBe("xctl02");
    expect(await g.deps.store.countByStatus()).toMatchObject({ queued: 1 });
  });

  it("a readable XDIS91 dropped in the inbox is submitted as the location", async () => {
    const g = legacyGateway();
    const outcome = await receiveDropped(LEGACY_SENDER, xdis91({ attachments: 0 }), g.deps);
    expect(outcome).toMatchObject({ outcome: "accepted" });
  });
});
