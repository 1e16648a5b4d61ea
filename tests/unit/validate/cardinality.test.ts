/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
 * The mutations edit valid messages untyped (deleting required elements); the assertions stay typed. */
// Issue 13, class 1, the examples it names: cardinalities inside slices and R4's base cardinalities, each reported
// once, at the element, with rule "cardinality" and a message naming the profile (and the slice).
import { describe, expect, test } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { base, find, type BaseName } from "../../../test-fixtures/rule-breakers/cases.js";
import { ExtensionUrl } from "../../../src/medcom/systems.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the note at the top of this file
type Json = Record<string, any>;

interface Case {
  name: string;
  base: BaseName;
  mutate: (b: Bundle) => void;
  path: (b: Bundle) => string;
  code: "cardinality-min" | "cardinality-max" | "not-allowed";
  /** Words the message must contain (the profile, the slice). */
  says: string[];
}

const header = (b: Bundle) => find(b, "MessageHeader");
const comm = (b: Bundle) => find(b, "Communication");
const patient = (b: Bundle) => find(b, "Patient");
const provenance = (b: Bundle, n = 0) => find(b, "Provenance", n);
const ownProvenance = (b: Bundle) =>
  find(b, "Provenance", (b.entry ?? []).filter((e) => e.resource?.resourceType === "Provenance").length - 1);
const outcome = (b: Bundle) => find(b, "OperationOutcome");
const sourceEntity = (b: Bundle) => (provenance(b).r.entity as Json[]).findIndex((e) => e.role === "source");

const CC_HEADER = "MedComCareCommunicationMessageHeader";
const ACK_HEADER = "MedComAcknowledgementMessageHeader";

const cases: Case[] = [
  {
    name: "a MessageHeader without destination.receiver",
    base: "cc-new",
    mutate: (b) => delete header(b).r.destination[0].receiver,
    path: (b) => `${header(b).at}.destination[0].receiver`,
    code: "cardinality-min",
    says: ["MessageHeader.destination:primary.receiver", CC_HEADER],
  },
  {
    name: "a MessageHeader without destination.endpoint (R4 base 1..1)",
    base: "cc-new",
    mutate: (b) => delete header(b).r.destination[0].endpoint,
    path: (b) => `${header(b).at}.destination[0].endpoint`,
    code: "cardinality-min",
    says: ["MessageHeader.destination", "endpoint", CC_HEADER],
  },
  {
    name: "a MessageHeader without source",
    base: "cc-new",
    mutate: (b) => delete header(b).r.source,
    path: (b) => `${header(b).at}.source`,
    code: "cardinality-min",
    says: ["MessageHeader.source", CC_HEADER],
  },
  {
    name: "a MessageHeader source without endpoint",
    base: "cc-new",
    mutate: (b) => delete header(b).r.source.endpoint,
    path: (b) => `${header(b).at}.source.endpoint`,
    code: "cardinality-min",
    says: ["MessageHeader.source.endpoint", CC_HEADER],
  },
  {
    name: "an acknowledgement MessageHeader without destination.receiver",
    base: "ack-ok",
    mutate: (b) => delete header(b).r.destination[0].receiver,
    path: (b) => `${header(b).at}.destination[0].receiver`,
    code: "cardinality-min",
    says: ["MessageHeader.destination:primary.receiver", ACK_HEADER],
  },
  {
    name: "a Provenance without recorded",
    base: "cc-new",
    mutate: (b) => delete provenance(b).r.recorded,
    path: (b) => `${provenance(b).at}.recorded`,
    code: "cardinality-min",
    says: ["Provenance.recorded", "MedComCareCommunicationProvenance"],
  },
  {
    name: "a Provenance without agent",
    base: "cc-new",
    mutate: (b) => delete provenance(b).r.agent,
    path: (b) => `${provenance(b).at}.agent`,
    code: "cardinality-min",
    says: ["Provenance.agent", "MedComCareCommunicationProvenance"],
  },
  {
    name: "a Provenance agent without who",
    base: "cc-new",
    mutate: (b) => delete provenance(b).r.agent[0].who,
    path: (b) => `${provenance(b).at}.agent[0].who`,
    code: "cardinality-min",
    says: ["Provenance.agent.who", "MedComCareCommunicationProvenance"],
  },
  {
    name: "an acknowledgement's Provenance without recorded",
    base: "ack-ok",
    mutate: (b) => delete ownProvenance(b).r.recorded,
    path: (b) => `${ownProvenance(b).at}.recorded`,
    code: "cardinality-min",
    says: ["Provenance.recorded", "MedComMessagingProvenance"],
  },
  {
    name: "a payload entity without what.identifier",
    base: "cc-new",
    mutate: (b) => delete provenance(b).r.entity[sourceEntity(b)].what.identifier,
    path: (b) => `${provenance(b).at}.entity[${sourceEntity(b)}].what.identifier`,
    code: "cardinality-min",
    says: ["Provenance.entity:payload.what.identifier", "slice payload"],
  },
  {
    name: "two CPR identifiers on a Patient",
    base: "cc-new",
    mutate: (b) => {
      patient(b).r.identifier.push({ ...patient(b).r.identifier[0], value: "0101010101" });
    },
    path: (b) => `${patient(b).at}.identifier[1]`,
    code: "cardinality-max",
    says: ["Patient.identifier:cpr", "slice cpr", "MedComCorePatient"],
  },
  {
    name: "two specific-sender extensions",
    base: "cc-new",
    mutate: (b) => {
      const sender = { url: ExtensionUrl.specificSender, valueReference: { reference: "PractitionerRole/x" } };
      comm(b).r.extension = [sender, { ...sender }];
    },
    path: (b) => `${comm(b).at}.extension[1]`,
    code: "cardinality-max",
    says: ["Communication.extension:sender", "slice sender", "MedComCareCommunication"],
  },
  {
    name: "an Acknowledgement without response.identifier",
    base: "ack-ok",
    mutate: (b) => delete header(b).r.response.identifier,
    path: (b) => `${header(b).at}.response.identifier`,
    code: "cardinality-min",
    says: ["MessageHeader.response.identifier", ACK_HEADER],
  },
  {
    name: "an OperationOutcome without issue",
    base: "ack-fatal",
    mutate: (b) => delete outcome(b).r.issue,
    path: (b) => `${outcome(b).at}.issue`,
    code: "cardinality-min",
    says: ["OperationOutcome.issue", "MedComAcknowledgementOperationOutcome"],
  },
  {
    name: "an OperationOutcome issue without severity",
    base: "ack-fatal",
    mutate: (b) => delete outcome(b).r.issue[0].severity,
    path: (b) => `${outcome(b).at}.issue[0].severity`,
    code: "cardinality-min",
    says: ["OperationOutcome.issue.severity"],
  },
  {
    name: "an OperationOutcome issue without code",
    base: "ack-fatal",
    mutate: (b) => delete outcome(b).r.issue[0].code,
    path: (b) => `${outcome(b).at}.issue[0].code`,
    code: "cardinality-min",
    says: ["OperationOutcome.issue.code"],
  },
  {
    name: "a narrative without status (R4 Narrative.status 1..1)",
    base: "cc-new",
    mutate: (b) => delete patient(b).r.text.status,
    path: (b) => `${patient(b).at}.text.status`,
    code: "cardinality-min",
    says: ["Patient.text.status"],
  },
  {
    name: "an unsliced extension without url (R4 Extension.url 1..1)",
    base: "cc-new",
    mutate: (b) => (patient(b).r.extension = [{ valueString: "x" }]),
    path: (b) => `${patient(b).at}.extension[0].url`,
    code: "cardinality-min",
    says: ["Extension.url"],
  },
  {
    name: "a Bundle without type (R4 Bundle.type 1..1)",
    base: "ack-ok",
    mutate: (b) => delete (b as Json).type,
    path: () => "Bundle.type",
    code: "cardinality-min",
    says: ["Bundle.type", "MedComAcknowledgementMessage"],
  },
  {
    name: "a carbon-copy destination in an acknowledgement (destination:cc 0..0)",
    base: "ack-ok",
    mutate: (b) => {
      const cc = structuredClone(header(b).r.destination[0]);
      cc.extension[0].valueCoding.code = "cc";
      header(b).r.destination.push(cc);
    },
    path: (b) => `${header(b).at}.destination[1]`,
    code: "not-allowed",
    says: ["MessageHeader.destination:cc", ACK_HEADER],
  },
  {
    name: "two primary destinations",
    base: "cc-new",
    mutate: (b) => {
      header(b).r.destination.push(structuredClone(header(b).r.destination[0]));
    },
    path: (b) => `${header(b).at}.destination[1]`,
    code: "cardinality-max",
    says: ["MessageHeader.destination:primary", "slice primary", "exactly one primary destination"],
  },
  {
    name: "a Provenance with occurredPeriod instead of occurredDateTime",
    base: "cc-new",
    mutate: (b) => {
      delete provenance(b).r.occurredDateTime;
      provenance(b).r.occurredPeriod = { start: "2026-11-22T10:00:00+01:00" };
    },
    path: (b) => `${provenance(b).at}.occurredDateTime`,
    code: "cardinality-min",
    says: ["Provenance.occurred[x]:occurredDateTime"],
  },
  {
    name: "two previous-message entities",
    base: "cc-reply",
    mutate: (b) => {
      const entities = provenance(b, 1).r.entity as Json[];
      const revision = entities.find((e) => e.role === "revision");
      expect(revision).toBeDefined();
      entities.push(structuredClone(revision ?? {}));
    },
    path: (b) => `${provenance(b, 1).at}.entity[${(provenance(b, 1).r.entity as Json[]).length - 1}]`,
    code: "cardinality-max",
    says: ["Provenance.entity:preceedingMessage", "slice preceedingMessage"],
  },
];

describe("cardinalities the issue names", () => {
  test.each(cases.map((c) => [c.name, c] as const))("%s is refused at the element, once", (_name, c) => {
    const b = base(c.base);
    c.mutate(b);
    const path = c.path(b);
    const result = validateMessage(b);
    expect(result.valid).toBe(false);
    const here = result.issues.filter((i) => i.path === path && i.rule === "cardinality");
    expect(here.map((i) => ({ code: i.code, path: i.path }))).toEqual([{ code: c.code, path }]);
    for (const word of c.says) expect(here[0]?.message).toContain(word);
    expect(here[0]?.message.endsWith(".")).toBe(true);
    // Folded, not duplicated: no hand-written slice issue repeats the same fault at the same place.
    expect(result.issues.filter((i) => i.path === path && i.rule === "slice")).toEqual([]);
  });

  test("a resource no MedCom profile covers in its message is held to R4's base cardinalities", () => {
    const b = base("cc-new");
    b.entry?.push({
      fullUrl: "urn:uuid:00000000-0000-4000-8000-0000000000ee",
      resource: { resourceType: "OperationOutcome", id: "00000000-0000-4000-8000-0000000000ee" },
    });
    const at = `Bundle.entry[${(b.entry?.length ?? 0) - 1}].resource.ofType(OperationOutcome).issue`;
    const here = validateMessage(b).issues.filter((i) => i.path === at && i.rule === "cardinality");
    expect(here.map((i) => i.code)).toEqual(["cardinality-min"]);
    expect(here[0]?.message).toContain("R4 OperationOutcome");
  });

  test("valid variations stay valid: an optional element removed, a repeating element repeated", () => {
    const b = base("cc-full");
    delete comm(b).r.topic; // Communication.topic 0..1 (category is not "other")
    const names = patient(b).r.name[0].given as string[];
    names.push("Ekstra"); // HumanName.given 0..*
    (find(b, "Practitioner").r.name as Json[]).push({ family: "Andet" }); // Practitioner.name 0..*
    expect(validateMessage(b).issues.filter((i) => i.rule === "cardinality")).toEqual([]);
  });
});
