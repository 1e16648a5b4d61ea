import { describe, expect, test } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import type { Bundle, MessageHeader, OperationOutcome, Provenance } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { NOW, conversation, sequentialIds } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

const header = (b: Bundle) => b.entry?.[0]?.resource as MessageHeader;
const all = <T>(b: Bundle, type: string) =>
  (b.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];

describe("Acknowledgement 2.0", () => {
  const { reply } = conversation();
  const ack = (code: "ok" | "transient-error" | "fatal-error", issues = [] as { code: string; message: string }[]) =>
    buildAcknowledgement({ message: reply, code, issues, newId: sequentialIds(700), now: NOW });

  test.each(["ok", "transient-error", "fatal-error"] as const)("%s is valid", (code) => {
    expect(validateMessage(ack(code)).issues).toEqual([]);
  });

  test("answers the bare MessageHeader.id, goes back to the sender and comes from the receiver", () => {
    const a = ack("ok");
    const original = describeMessage(reply);
    const summary = describeMessage(a);
    expect(header(a).response?.identifier).toBe(original.id);
    expect(summary.sender.gln).toBe(original.receiver.gln);
    expect(summary.receiver.gln).toBe(original.sender.gln);
    expect(header(a).destination?.[0]?.endpoint).toBe(header(reply).source.endpoint);
  });

  test("carries exactly two Provenances: the message's latest, unchanged, and its own", () => {
    const [copied, own] = all<Provenance>(ack("ok"), "Provenance");
    const latest = all<Provenance>(reply, "Provenance").find(
      (p) => p.target[0]?.reference === `MessageHeader/${header(reply).id ?? ""}`,
    );
    expect(copied).toEqual(latest);
    expect(own?.activity?.coding?.[0]?.code).toBe("acknowledgement");
    expect(own?.entity).toEqual([{ role: "revision", what: { reference: `MessageHeader/${header(reply).id ?? ""}` } }]);
    expect(own?.agent[0]?.who.reference).toBe(header(ack("ok")).sender?.reference);
  });

  test("a fatal-error carries an OperationOutcome with MedCom's error codes; ok has none", () => {
    expect(all(ack("ok"), "OperationOutcome")).toHaveLength(0);
    const a = ack("fatal-error", [
      { code: "MSG_VALUESET_VALUE_UNKNOWN", message: "Category is not known." },
      { code: "local-rule", message: "Our own rule." },
    ]);
    const [outcome] = all<OperationOutcome>(a, "OperationOutcome");
    expect(outcome?.issue[0]?.details?.coding?.[0]?.code).toBe("MSG_VALUESET_VALUE_UNKNOWN");
    expect(outcome?.issue[1]?.details).toEqual({ text: "Our own rule. (local-rule)" });
    expect(header(a).response?.details?.reference).toBe(`OperationOutcome/${outcome?.id ?? ""}`);
  });

  test("is identical for the same ids and time (duplicates get the same acknowledgement)", () => {
    expect(ack("ok")).toEqual(ack("ok"));
  });

  test("acknowledges an official example too", () => {
    const official = readExampleBundle("cc5-01-new-message.xml");
    const a = buildAcknowledgement({ message: official, code: "ok", newId: sequentialIds(1), now: NOW });
    expect(validateMessage(a).issues).toEqual([]);
  });
});

describe("Acknowledgement 2.0 with information", () => {
  test("a transient-error carries its issues with severity error, as MedCom's ack2-transient-error example does", () => {
    const { reply } = conversation();
    const a = buildAcknowledgement({
      message: reply,
      code: "transient-error",
      issues: [{ code: "MSG_Mailbox_Out_Of_Operation", message: "The mailbox is out of operation." }],
      newId: sequentialIds(770),
      now: NOW,
    });
    const [outcome] = all<OperationOutcome>(a, "OperationOutcome");
    const [official] = all<OperationOutcome>(readExampleBundle("ack2-transient-error.xml"), "OperationOutcome");
    expect(official?.issue[0]?.severity).toBe("error");
    expect(outcome?.issue.map((i) => i.severity)).toEqual([official?.issue[0]?.severity]);
    const withoutIssues = buildAcknowledgement({
      message: reply,
      code: "transient-error",
      newId: sequentialIds(780),
      now: NOW,
    });
    expect(all<OperationOutcome>(withoutIssues, "OperationOutcome")[0]?.issue[0]?.severity).toBe("error");
    expect(validateMessage(a).issues).toEqual([]);
  });
  test("an ok with issues carries them as information (e.g. a duplicate) and stays valid", () => {
    const { reply } = conversation();
    const a = buildAcknowledgement({
      message: reply,
      code: "ok",
      issues: [{ code: "MSG_DUPLICATE_ID", message: "Already received; acknowledged again." }],
      newId: sequentialIds(750),
      now: NOW,
    });
    const [outcome] = all<OperationOutcome>(a, "OperationOutcome");
    expect(outcome?.issue[0]).toMatchObject({ severity: "information", code: "informational" });
    expect(outcome?.issue[0]?.details?.coding?.[0]?.code).toBe("MSG_DUPLICATE_ID");
    expect(validateMessage(a).issues).toEqual([]);
  });

  test("the header narrative names what is acknowledged, with the endpoints the header really has", () => {
    const { reply } = conversation();
    const a = buildAcknowledgement({ message: reply, code: "fatal-error", newId: sequentialIds(760), now: NOW });
    const div = header(a).text?.div ?? "";
    expect(div).toContain(header(reply).id ?? "missing");
    expect(div).toContain("fatal-error");
    expect(div).toContain(header(a).destination?.[0]?.endpoint ?? "missing");
    expect(div).toContain(header(a).source.endpoint);
  });
});
