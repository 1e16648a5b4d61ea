/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
 * The mutations below deliberately break typed messages (deleting required elements, wrong types), so they edit
 * the JSON untyped; the assertions in tests/unit/validate/rule-breakers.test.ts stay fully typed. */
// For every rule the validator implements, at least one message that breaks it: a valid message made by the
// project's own builder, edited by a small mutation. Each case names the rule and the path the issue must carry.
import { buildAcknowledgement } from "../../src/medcom/builders/index.js";
import type { Bundle, Resource } from "../../src/medcom/model/index.js";
import { NOW, build, composeFixture, conversation, sequentialIds } from "../../tests/support/build.js";

export type BaseName = "cc-new" | "cc-full" | "cc-referral" | "cc-reply" | "ack-ok" | "ack-fatal";

/** The valid neighbours every case starts from (fresh copies each call). */
export function base(name: BaseName): Bundle {
  switch (name) {
    case "cc-new":
      return build(composeFixture("new-ppr-to-gp.json"));
    case "cc-full":
      return build(composeFixture("new-with-attachments.json"));
    case "cc-referral":
      return build(composeFixture("new-regarding-referral-asap.json"));
    case "cc-reply":
      return conversation().reply;
    case "ack-ok":
    case "ack-fatal":
      return buildAcknowledgement({
        message: conversation().reply,
        code: name === "ack-ok" ? "ok" : "fatal-error",
        issues: name === "ack-ok" ? [] : [{ code: "MSG_VALUESET_VALUE_UNKNOWN", message: "Unknown category." }],
        newId: sequentialIds(600),
        now: NOW,
      });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the note at the top of this file
type Json = Record<string, any>;

/** The n-th resource of a type and its FHIRPath location. */
export function find(b: Bundle, type: string, n = 0): { r: Json; at: string } {
  const hits = (b.entry ?? []).flatMap((e, i) => (e.resource?.resourceType === type ? [{ r: e.resource, i }] : []));
  const hit = hits[n];
  if (!hit) throw new Error(`no ${type} #${n} in the base message`);
  return { r: hit.r, at: `Bundle.entry[${hit.i}].resource.ofType(${type})` };
}

const entries = (b: Bundle) => b.entry ?? [];
const remove = (b: Bundle, type: string) => {
  b.entry = entries(b).filter((e) => e.resource?.resourceType !== type);
};
const orgWithGln = (b: Bundle, n = 0) => find(b, "Organization", n);

export interface RuleBreaker {
  name: string;
  base: BaseName;
  mutate(b: Bundle): void;
  expect: { rule: string; path: (b: Bundle) => string; severity?: "error" | "warning" };
  sizeBytes?: number;
}

const rb = (
  name: string,
  baseName: BaseName,
  rule: string,
  mutate: (b: Bundle) => void,
  path: (b: Bundle) => string,
  severity: "error" | "warning" = "error",
): RuleBreaker => ({ name, base: baseName, mutate, expect: { rule, path, severity } });

const comm = (b: Bundle) => find(b, "Communication");
const header = (b: Bundle) => find(b, "MessageHeader");
const patient = (b: Bundle) => find(b, "Patient");
const firstSegment = (b: Bundle) => comm(b).r.payload[0] as Json;

export const ruleBreakers: RuleBreaker[] = [
  // CareCommunication 5.0 invariants
  rb(
    "header without meta.profile",
    "cc-new",
    "medcom-careCommunication-1",
    (b) => delete header(b).r.meta,
    () => "Bundle.entry[0].resource.ofType(MessageHeader).meta.profile",
  ),
  rb(
    "two patients",
    "cc-new",
    "medcom-careCommunication-2",
    (b) => b.entry?.push({ resource: { ...patient(b).r, id: "other-patient" } as Resource }),
    () => "Bundle.entry",
  ),
  rb(
    "provenance without the CC profile",
    "cc-new",
    "medcom-careCommunication-3",
    (b) => (find(b, "Provenance").r.meta = { profile: ["http://example.org/x"] }),
    (b) => `${find(b, "Provenance").at}.meta.profile`,
  ),
  rb(
    "practitioner without name",
    "cc-new",
    "medcom-careCommunication-4",
    (b) => delete find(b, "Practitioner").r.name,
    (b) => `${find(b, "Practitioner").at}.name`,
  ),
  rb(
    "priority outside regarding-referral",
    "cc-new",
    "medcom-careCommunication-5",
    (b) => (comm(b).r.priority = "asap"),
    (b) => `${comm(b).at}.priority`,
  ),
  rb(
    "category other without topic",
    "cc-new",
    "medcom-careCommunication-6",
    (b) => {
      comm(b).r.category[0].coding[0].code = "other";
      delete comm(b).r.topic;
    },
    (b) => `${comm(b).at}.topic`,
  ),
  rb(
    "role as code and text",
    "cc-new",
    "medcom-careCommunication-7",
    (b) => (find(b, "PractitionerRole").r.code[0].text = "psykolog"),
    (b) => `${find(b, "PractitionerRole").at}.code`,
  ),
  rb(
    "author's practitioner without name",
    "cc-new",
    "medcom-careCommunication-8",
    (b) => delete find(b, "Practitioner").r.name,
    (b) => `${comm(b).at}.payload[0]`,
  ),
  rb(
    "encounter without episode of care",
    "cc-referral",
    "medcom-careCommunication-9",
    (b) => delete find(b, "Encounter").r.episodeOfCare,
    (b) => `${comm(b).at}.encounter`,
  ),
  rb(
    "specific sender of another organisation",
    "cc-full",
    "medcom-careCommunication-11",
    (b) =>
      (find(b, "CareTeam", 0).r.managingOrganization = [{ reference: header(b).r.destination[0].receiver.reference }]),
    (b) => `${comm(b).at}.extension`,
  ),
  rb(
    "specific recipient of another organisation",
    "cc-full",
    "medcom-careCommunication-12",
    (b) => (find(b, "CareTeam", 1).r.managingOrganization = [{ reference: header(b).r.sender.reference }]),
    (b) => `${comm(b).at}.recipient`,
  ),
  rb(
    "practitioner role without practitioner",
    "cc-new",
    "medcom-careCommunication-13",
    (b) => delete find(b, "PractitionerRole").r.practitioner,
    (b) => `${find(b, "PractitionerRole").at}.practitioner`,
  ),
  rb(
    "encounter in bundle but not referenced",
    "cc-referral",
    "medcom-careCommunication-15",
    (b) => delete comm(b).r.encounter,
    (b) => `${comm(b).at}.encounter`,
  ),
  rb(
    "no provenance",
    "cc-new",
    "medcom-messaging-2",
    (b) => remove(b, "Provenance"),
    () => "Bundle.entry",
  ),
  rb(
    "upper-case thread id",
    "cc-new",
    "medcom-uuidv4",
    (b) => (comm(b).r.identifier[0].value = "urn:uuid:ABCDEF00-0000-4000-8000-000000000001"),
    (b) => `${comm(b).at}.identifier[0].value`,
  ),
  rb(
    "definition of version 4",
    "cc-new",
    "medcom-carecommunication-definition-url",
    (b) =>
      (header(b).r.definition =
        "http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/MedComCareCommunicationMessageDefinition|4.0"),
    (b) => `${header(b).at}.definition`,
  ),
  rb(
    "author phone without digits",
    "cc-new",
    "medcom-core-contact",
    (b) => (firstSegment(b).extension[3].valueContactPoint.value = "call"),
    (b) => `${comm(b).at}.payload[0].extension[3].valueContactPoint.value`,
  ),
  rb(
    "author phone with letters",
    "cc-new",
    "medcom-carecommunication-authorcontact",
    (b) => (firstSegment(b).extension[3].valueContactPoint.value = "3868 3868 ext 2"),
    (b) => `${comm(b).at}.payload[0].extension[3].valueContactPoint.value`,
    "warning",
  ),
  rb(
    "LPR3 episode id not a v5 UUID",
    "cc-referral",
    "uuidv5",
    (b) => (find(b, "Encounter").r.episodeOfCare[0].identifier.value = "urn:uuid:8b3c1a0e-1d2f-4a6b-9c7d-0e1f2a3b4c5d"),
    (b) => `${find(b, "Encounter").at}.episodeOfCare[0].identifier.value`,
  ),
  rb(
    "organisation without SOR",
    "cc-new",
    "dk-core-organization-mandatory-identifier",
    (b) => (orgWithGln(b).r.identifier = orgWithGln(b).r.identifier.slice(0, 1)),
    (b) => `${orgWithGln(b).at}.identifier`,
  ),
  rb(
    "script in a narrative",
    "cc-new",
    "txt-1",
    (b) =>
      (patient(b).r.text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p><script>alert(1)</script></div>'),
    (b) => `${patient(b).at}.text.div`,
  ),
  rb(
    "empty narrative",
    "cc-new",
    "txt-2",
    (b) => (patient(b).r.text.div = '<div xmlns="http://www.w3.org/1999/xhtml"></div>'),
    (b) => `${patient(b).at}.text.div`,
  ),
  rb(
    "marital status P and A",
    "cc-new",
    "marital-status-unknown-usage",
    (b) => (patient(b).r.maritalStatus = { coding: [{ code: "P" }, { code: "A" }] }),
    (b) => `${patient(b).at}.maritalStatus`,
    "warning",
  ),
  // Acknowledgement 2.0.3 invariants and rules
  rb(
    "fatal-error without OperationOutcome",
    "ack-fatal",
    "medcom-acknowledgement-1",
    (b) => {
      remove(b, "OperationOutcome");
      delete header(b).r.response.details;
    },
    () => "Bundle.entry",
  ),
  rb(
    "ack header without response",
    "ack-ok",
    "medcom-acknowledgement-2",
    (b) => delete header(b).r.response,
    (b) => `${header(b).at}.eventCoding`,
  ),
  rb(
    "ack with the header not first",
    "ack-ok",
    "medcom-messaging-1",
    (b) => b.entry?.reverse(),
    () => "Bundle.entry[0]",
  ),
  rb(
    "ack provenance without agent",
    "ack-ok",
    "medcom-messaging-3",
    (b) => (find(b, "Provenance", 1).r.agent = []),
    (b) => find(b, "Provenance", 1).at,
  ),
  rb(
    "response.identifier as a reference",
    "ack-ok",
    "medcom-acknowledgement-response",
    (b) => (header(b).r.response.identifier = `MessageHeader/${String(header(b).r.response.identifier)}`),
    (b) => `${header(b).at}.response.identifier`,
  ),
  rb(
    "ack with three provenances",
    "ack-ok",
    "medcom-acknowledgement-provenance",
    (b) => b.entry?.push({ resource: { ...find(b, "Provenance").r, id: "third" } as Resource }),
    () => "Bundle.entry",
  ),
  // Element rules from the derived tables
  rb(
    "communication without subject",
    "cc-new",
    "cardinality",
    (b) => delete comm(b).r.subject,
    (b) => `${comm(b).at}.subject`,
  ),
  rb(
    "two thread identifiers",
    "cc-new",
    "cardinality",
    (b) => comm(b).r.identifier.push({ value: "urn:uuid:00000000-0000-4000-8000-000000000999" }),
    (b) => `${comm(b).at}.identifier[1]`,
  ),
  rb(
    "communication status completed",
    "cc-new",
    "pattern-value",
    (b) => (comm(b).r.status = "completed"),
    (b) => `${comm(b).at}.status`,
  ),
  rb(
    "category not in the value set",
    "cc-new",
    "binding",
    (b) => (comm(b).r.category[0].coding[0].code = "regarding-examination"),
    (b) => `${comm(b).at}.category[0].coding[0]`,
  ),
  rb(
    "bundle type collection",
    "cc-new",
    "pattern-value",
    (b) => (b.type = "collection"),
    () => "Bundle.type",
  ),
  rb(
    "attachment type not allowed",
    "cc-full",
    "binding",
    (b) => (comm(b).r.payload[1].contentAttachment.contentType = "video/mp4"),
    (b) => `${comm(b).at}.payload[1].contentAttachment.contentType`,
  ),
  // Slices
  rb(
    "destination without use",
    "cc-new",
    "slice",
    (b) => delete header(b).r.destination[0].extension,
    (b) => `${header(b).at}.destination[0].extension`,
  ),
  rb(
    "carbon copy destination",
    "cc-new",
    "cardinality",
    (b) =>
      header(b).r.destination.push({
        ...header(b).r.destination[0],
        extension: [
          {
            ...header(b).r.destination[0].extension[0],
            valueCoding: { ...header(b).r.destination[0].extension[0].valueCoding, code: "cc" },
          },
        ],
      }),
    (b) => `${header(b).at}.destination[1]`,
  ),
  rb(
    "no text segment",
    "cc-full",
    "cardinality",
    (b) => (comm(b).r.payload = comm(b).r.payload.slice(1)),
    (b) => `${comm(b).at}.payload`,
  ),
  rb(
    "segment without author",
    "cc-new",
    "cardinality",
    (b) => (firstSegment(b).extension = firstSegment(b).extension.filter((_: unknown, i: number) => i !== 2)),
    (b) => `${comm(b).at}.payload[0].extension`,
  ),
  rb(
    "attachment without title",
    "cc-full",
    "cardinality",
    (b) => delete comm(b).r.payload[1].contentAttachment.title,
    (b) => `${comm(b).at}.payload[1].contentAttachment.title`,
  ),
  rb(
    "provenance entity of another role",
    "cc-new",
    "slice",
    (b) => (find(b, "Provenance").r.entity[0].role = "derivation"),
    (b) => `${find(b, "Provenance").at}.entity[0].role`,
  ),
  rb(
    "provenance naming no segment",
    "cc-new",
    "cardinality",
    (b) => delete find(b, "Provenance").r.entity,
    (b) => `${find(b, "Provenance").at}.entity`,
  ),
  rb(
    "provenance without occurredDateTime",
    "cc-new",
    "cardinality",
    (b) => delete find(b, "Provenance").r.occurredDateTime,
    (b) => `${find(b, "Provenance").at}.occurredDateTime`,
  ),
  rb(
    "receiver without GLN",
    "cc-new",
    "cardinality",
    (b) => (find(b, "Organization", 1).r.identifier = find(b, "Organization", 1).r.identifier.slice(1)),
    (b) => `${find(b, "Organization", 1).at}.identifier`,
  ),
  rb(
    "patient without official name",
    "cc-new",
    "cardinality",
    (b) => (patient(b).r.name[0].use = "usual"),
    (b) => `${patient(b).at}.name`,
  ),
  rb(
    "segment identifier without assigner",
    "cc-new",
    "cardinality",
    (b) => delete firstSegment(b).extension[1].valueIdentifier.assigner,
    (b) => `${comm(b).at}.payload[0].extension[1].valueIdentifier.assigner`,
  ),
  // Danish identifiers
  rb(
    "GLN with a wrong check digit",
    "cc-new",
    "gln-modulus-10",
    (b) => (orgWithGln(b).r.identifier[0].value = "5790001348121"),
    (b) => `${orgWithGln(b).at}.identifier[0].value`,
  ),
  rb(
    "GLN of 12 digits",
    "cc-new",
    "gln-length",
    (b) => (orgWithGln(b).r.identifier[0].value = "579000134812"),
    (b) => `${orgWithGln(b).at}.identifier[0].value`,
  ),
  rb(
    "GLN under the dk-core 3.5 system",
    "cc-new",
    "gln-system",
    (b) => (orgWithGln(b).r.identifier[0].system = "http://www.gs1.org/gln"),
    (b) => `${orgWithGln(b).at}.identifier[0].system`,
    "warning",
  ),
  rb(
    "SOR of 10 digits",
    "cc-new",
    "min-digits-sor",
    (b) => (orgWithGln(b).r.identifier[1].value = "9537410000"),
    (b) => `${orgWithGln(b).at}.identifier[1].value`,
  ),
  rb(
    "CPR with an impossible date",
    "cc-new",
    "dk-core-cpr",
    (b) => (patient(b).r.identifier[0].value = "3102471234"),
    (b) => `${patient(b).at}.identifier[0].value`,
  ),
  rb(
    "national replacement CPR of the wrong shape",
    "cc-new",
    "dk-core-x-ecpr",
    (b) => (patient(b).r.identifier[0] = { system: "urn:oid:1.2.208.176.1.6.1.1", use: "temp", value: "0703921V4J" }),
    (b) => `${patient(b).at}.identifier[0].value`,
  ),
  rb(
    "decentral replacement CPR of the wrong shape",
    "cc-new",
    "dk-core-d-ecpr",
    (b) => (patient(b).r.identifier[0] = { system: "urn:oid:1.2.208.176.1.6.1.3", use: "temp", value: "0703929ABC" }),
    (b) => `${patient(b).at}.identifier[0].value`,
  ),
  // Message-wide rules
  rb(
    "timestamp without a time zone",
    "cc-new",
    "medcom-timestamp-timezone",
    (b) => (b.timestamp = "2026-11-22T10:00:00"),
    () => "Bundle.timestamp",
  ),
  rb(
    "reference to a resource not in the bundle",
    "cc-new",
    "reference-bundled",
    (b) => (comm(b).r.subject.reference = "Patient/not-here"),
    (b) => `${comm(b).at}.subject.reference`,
  ),
  rb(
    "base64 in a narrative",
    "cc-full",
    "medcom-narrative",
    (b) =>
      (comm(b).r.text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><img src="data:image/png;base64,AAAA"/></div>'),
    (b) => `${comm(b).at}.text.div`,
  ),
  rb(
    "resource without narrative",
    "cc-new",
    "medcom-narrative",
    (b) => delete patient(b).r.text,
    (b) => `${patient(b).at}.text`,
    "warning",
  ),
  rb(
    "header not first",
    "cc-new",
    "bdl-12",
    (b) => b.entry?.reverse(),
    () => "Bundle.entry[0].resource",
  ),
  rb(
    "no provenance describes this message",
    "cc-reply",
    "medcom-messaging-provenance-target",
    (b) =>
      (b.entry = entries(b).filter(
        (e, i, all) => !(e.resource?.resourceType === "Provenance" && i === all.length - 1),
      )),
    () => "Bundle.entry",
  ),
  {
    ...rb(
      "over 100 MB",
      "cc-new",
      "medcom-message-size",
      () => undefined,
      () => "Bundle",
    ),
    sizeBytes: 100 * 1024 * 1024 + 1,
  },
];
