/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
 * The mutations below deliberately break typed messages, so they edit the JSON untyped (as cases.ts does); the
 * assertions in tests/unit/validate/governance.test.ts stay fully typed. */
// Issue 13, class 6: MedCom's governance rules for threads and acknowledgements (DOMAIN.md §1.9, §1.13, §2.5, §3.3,
// §3.5) and FHIR's Attachment size/hash, each broken once — from the builder's valid messages and from the official
// examples. Kept apart from cases.ts so the classes of issue 13 can be worked on side by side.
import { buildAcknowledgement } from "../../src/medcom/builders/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { NOW, conversation, sequentialIds } from "../../tests/support/build.js";
import { readExampleBundle } from "../../tests/support/messages.js";
import { base, find, type BaseName } from "./cases.js";

export type GovernanceBase = BaseName | "cc-forward" | "cc-reply-to-forward" | `example:${string}`;

export function governanceBase(name: GovernanceBase): Bundle {
  if (name === "cc-forward") return conversation().forward;
  if (name === "cc-reply-to-forward") return conversation().replyToForward;
  if (name.startsWith("example:")) return readExampleBundle(name.slice("example:".length));
  return base(name as BaseName);
}

export interface GovernanceBreaker {
  name: string;
  base: GovernanceBase;
  mutate(b: Bundle): void;
  rule: string;
  path: (b: Bundle) => string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the note at the top of this file
type Json = Record<string, any>;

const resources = (b: Bundle): Json[] => (b.entry ?? []).map((e) => e.resource as Json);
const headerId = (b: Bundle): string => String(find(b, "MessageHeader").r.id);

/** The message's own Provenance (its target is this MessageHeader) and its location. */
export function own(b: Bundle): { r: Json; at: string } {
  const id = headerId(b);
  const index = resources(b).findIndex(
    (r) => r.resourceType === "Provenance" && (r.target ?? []).some((t: Json) => t.reference === `MessageHeader/${id}`),
  );
  if (index < 0) throw new Error("no own Provenance in the base message");
  return { r: resources(b)[index] as Json, at: `Bundle.entry[${index}].resource.ofType(Provenance)` };
}

/** The first Provenance that is not the message's own (the stack of earlier messages). */
export function earlier(b: Bundle, n = 0): { r: Json; at: string } {
  const mine = own(b).r;
  const hits = resources(b).flatMap((r, i) => (r.resourceType === "Provenance" && r !== mine ? [{ r, i }] : []));
  const hit = hits[n];
  if (!hit) throw new Error("no earlier Provenance in the base message");
  return { r: hit.r, at: `Bundle.entry[${hit.i}].resource.ofType(Provenance)` };
}

const revisionIndex = (p: Json): number => (p.entity ?? []).findIndex((e: Json) => e.role === "revision");
const sourceIndex = (p: Json): number => (p.entity ?? []).findIndex((e: Json) => e.role === "source");
const revisionAt = (b: Bundle) => `${own(b).at}.entity[${revisionIndex(own(b).r)}]`;
/** The own Provenance with a revision entity naming a message (only a reply or a forward may name one). */
const withRevision = (b: Bundle): void =>
  void own(b).r.entity.push({
    role: "revision",
    what: { reference: "MessageHeader/0b7e4a8c-1f0e-4d7e-9a55-6c2b7e1d9f00" },
  });
/** The own Provenance without its revision entity: no word of the message answered or forwarded. */
const withoutRevision = (b: Bundle): void => void own(b).r.entity.splice(revisionIndex(own(b).r), 1);
const entitiesAt = (b: Bundle) => `${own(b).at}.entity`;
/** The Provenance addCopy added last. */
const addedProvenanceAt = (b: Bundle) => `Bundle.entry[${(b.entry?.length ?? 0) - 1}].resource.ofType(Provenance)`;

/** A second resource: a deep copy with a new id, added at the end of the Bundle. */
function addCopy(b: Bundle, resource: Json, id: string, edit: (copy: Json) => void = () => undefined): void {
  const copy = structuredClone(resource);
  copy.id = id;
  edit(copy);
  const fullUrl = String(b.entry?.[0]?.fullUrl ?? "").replace(/MessageHeader\/[^/]+$/, `Provenance/${id}`);
  b.entry?.push({ fullUrl, resource: copy as never });
}

const attachmentIndex = (b: Bundle): number =>
  (find(b, "Communication").r.payload as Json[]).findIndex((p) => p.contentAttachment?.data !== undefined);
const attachmentAt = (b: Bundle) => `${find(b, "Communication").at}.payload[${attachmentIndex(b)}].contentAttachment`;
const attachment = (b: Bundle): Json =>
  (find(b, "Communication").r.payload as Json[])[attachmentIndex(b)]?.contentAttachment as Json;

const gb = (
  name: string,
  baseName: GovernanceBase,
  rule: string,
  mutate: (b: Bundle) => void,
  path: (b: Bundle) => string,
): GovernanceBreaker => ({ name, base: baseName, rule, mutate, path });

export const governanceBreakers: GovernanceBreaker[] = [
  // New / reply / forward: the activity and the revision entity (Provenance entity:preceedingMessage, DOMAIN.md §1.9)
  gb(
    "a new message that names a message it revises",
    "cc-new",
    "medcom-provenance-new-message",
    withRevision,
    revisionAt,
  ),
  gb(
    "the official new message naming a message it revises",
    "example:cc5-01-new-message.xml",
    "medcom-provenance-new-message",
    withRevision,
    revisionAt,
  ),
  gb(
    "a new message carrying an earlier message's Provenance",
    "cc-new",
    "medcom-provenance-new-message",
    (b) =>
      addCopy(b, own(b).r, "6c1d8f9e-2b3a-4c5d-8e7f-901a2b3c4d5e", (p) => {
        p.target = [{ reference: "MessageHeader/0b7e4a8c-1f0e-4d7e-9a55-6c2b7e1d9f00" }];
      }),
    addedProvenanceAt,
  ),
  gb(
    "two Provenances describe this message",
    "cc-new",
    "medcom-provenance-one-per-message",
    (b) => addCopy(b, own(b).r, "6c1d8f9e-2b3a-4c5d-8e7f-901a2b3c4d5e"),
    addedProvenanceAt,
  ),
  gb(
    "a reply that does not name the message it answers",
    "cc-reply",
    "medcom-provenance-revision",
    withoutRevision,
    entitiesAt,
  ),
  gb(
    "the official reply without its revision entity",
    "example:cc5-02-reply-with-pdf-attachment.xml",
    "medcom-provenance-revision",
    withoutRevision,
    entitiesAt,
  ),
  gb(
    "a forward that does not name the message it forwards",
    "cc-forward",
    "medcom-provenance-revision",
    withoutRevision,
    entitiesAt,
  ),
  gb(
    "a reply that names itself as the message it answers",
    "cc-reply",
    "medcom-provenance-revision",
    (b) => (own(b).r.entity[revisionIndex(own(b).r)].what.reference = `MessageHeader/${headerId(b)}`),
    (b) => `${revisionAt(b)}.what.reference`,
  ),
  gb(
    "a reply whose revision is not a MessageHeader",
    "cc-reply",
    "medcom-provenance-revision",
    (b) => (own(b).r.entity[revisionIndex(own(b).r)].what.reference = `Communication/${headerId(b)}`),
    (b) => `${revisionAt(b)}.what.reference`,
  ),
  gb(
    "the official forward naming an OIOXML letter (only a reply may)",
    "example:cc5-04-forward.xml",
    "medcom-provenance-revision",
    (b) => (own(b).r.entity[revisionIndex(own(b).r)].what = { identifier: { value: "B300720181623#5790000121526" } }),
    (b) => `${revisionAt(b)}.what`,
  ),
  gb(
    "the official reply to an OIOXML letter without [lokationsnummer]#[brevid]",
    "example:cc5-reply-to-oioxml-message.xml",
    "medcom-provenance-revision",
    (b) => (own(b).r.entity[revisionIndex(own(b).r)].what.identifier.value = "B300720181623"),
    (b) => `${revisionAt(b)}.what.identifier.value`,
  ),
  gb(
    "a reply whose Provenance agent is not the sender",
    "cc-reply",
    "medcom-provenance-agent",
    (b) => (own(b).r.agent[0].who = structuredClone(find(b, "MessageHeader").r.destination[0].receiver)),
    (b) => `${own(b).at}.agent[0].who.reference`,
  ),
  // A reply carries the answered message's whole Provenance stack and all earlier segments (rule 21, §1.6)
  gb(
    "a reply without the Provenance of the message it answers",
    "cc-reply",
    "medcom-carecommunication-21",
    (b) => (b.entry = (b.entry ?? []).filter((e) => e.resource !== earlier(b).r)),
    (b) => `${revisionAt(b)}.what.reference`,
  ),
  gb(
    "a reply without an earlier text segment",
    "cc-reply",
    "medcom-carecommunication-21",
    (b) => {
      const earlierSegment = earlier(b).r.entity[sourceIndex(earlier(b).r)].what.identifier.value as string;
      const communication = find(b, "Communication").r;
      communication.payload = (communication.payload as Json[]).filter(
        (p) => !(p.extension as Json[]).some((e) => e.valueIdentifier?.value === earlierSegment),
      );
    },
    (b) => `${earlier(b).at}.entity[${sourceIndex(earlier(b).r)}].what.identifier.value`,
  ),
  gb(
    "the official second reply without the text segment of the reply it answers",
    "example:cc5-03-reply-attachment-by-id-only.xml",
    "medcom-carecommunication-21",
    (b) => {
      const communication = find(b, "Communication").r;
      communication.payload = (communication.payload as Json[]).filter(
        (p) =>
          !(p.extension as Json[]).some(
            (e) => e.valueIdentifier?.value === "urn:uuid:cd422e42-5bad-11ed-9b6a-0242ac120002",
          ),
      );
    },
    (b) => `${earlier(b).at}.entity[${sourceIndex(earlier(b).r)}].what.identifier.value`,
  ),
  // Governance rule 5: a reply answers only the latest message of its thread
  gb(
    "a reply to a message its own stack shows was already forwarded",
    "cc-reply-to-forward",
    "medcom-carecommunication-5",
    (b) => {
      // The forward's Provenance in the stack names the message it forwarded; the reply now answers that one.
      const mine = own(b).r;
      const forward = resources(b).find((r) => r.resourceType === "Provenance" && r !== mine && revisionIndex(r) >= 0);
      mine.entity[revisionIndex(mine)].what.reference = forward?.entity[revisionIndex(forward)].what.reference;
    },
    (b) => `${revisionAt(b)}.what.reference`,
  ),
  gb(
    "the official second reply answering the first message again",
    "example:cc5-03-reply-attachment-by-id-only.xml",
    "medcom-carecommunication-5",
    (b) =>
      (own(b).r.entity[revisionIndex(own(b).r)].what.reference = "MessageHeader/42cb9200-f421-4d08-8391-7d51a2503cb4"),
    (b) => `${revisionAt(b)}.what.reference`,
  ),
  // Only new segments appear as entity:payload of the new Provenance (DOMAIN.md §1.9, §9 point 4)
  gb(
    "a reply whose Provenance claims an earlier segment as new",
    "cc-reply",
    "medcom-provenance-new-segments",
    (b) =>
      own(b).r.entity.push({
        role: "source",
        what: { identifier: structuredClone(earlier(b).r.entity[sourceIndex(earlier(b).r)].what.identifier) },
      }),
    (b) => `${own(b).at}.entity[${(own(b).r.entity as Json[]).length - 1}].what.identifier.value`,
  ),
  // Acknowledgements: own Provenance, the acknowledged message's latest Provenance, never an ack of an ack
  gb(
    "an acknowledgement whose own Provenance is not an acknowledgement",
    "ack-ok",
    "medcom-acknowledgement-provenance",
    (b) => (own(b).r.activity.coding[0].code = "new-message"),
    (b) => `${own(b).at}.activity.coding[0].code`,
  ),
  gb(
    "an acknowledgement whose Provenance does not name the acknowledged message",
    "ack-fatal",
    "medcom-provenance-revision",
    (b) => delete own(b).r.entity,
    (b) => `${own(b).at}.entity`,
  ),
  gb(
    "an acknowledgement without the acknowledged message's latest Provenance",
    "ack-ok",
    "medcom-carecommunication-22",
    (b) => (b.entry = (b.entry ?? []).filter((e) => e.resource !== earlier(b).r)),
    () => "Bundle.entry",
  ),
  gb(
    "an acknowledgement carrying an older Provenance instead of the latest",
    "ack-fatal",
    "medcom-carecommunication-22",
    (b) => (earlier(b).r.target = [{ reference: "MessageHeader/0b7e4a8c-1f0e-4d7e-9a55-6c2b7e1d9f00" }]),
    () => "Bundle.entry",
  ),
  gb(
    "the official converted acknowledgement without the acknowledged message's Provenance",
    "example:ack2-ok-converted-from-xctl03-flow2.xml",
    "medcom-carecommunication-22",
    (b) => (b.entry = (b.entry ?? []).filter((e) => e.resource !== earlier(b).r)),
    () => "Bundle.entry",
  ),
  gb(
    "an acknowledgement of an acknowledgement (built by the builder)",
    "ack-ok",
    "medcom-messaging-KR2",
    (b) => {
      const ackOfAck = buildAcknowledgement({ message: b, code: "ok", newId: sequentialIds(900), now: NOW });
      b.entry = ackOfAck.entry ?? [];
      Object.assign(b, { id: ackOfAck.id, timestamp: ackOfAck.timestamp });
    },
    (b) => `${earlier(b).at}.activity.coding[0].code`,
  ),
  gb(
    "the official acknowledgement answering an acknowledgement",
    "example:ack2-ok.xml",
    "medcom-messaging-KR2",
    (b) => (earlier(b).r.activity.coding[0].code = "acknowledgement"),
    (b) => `${earlier(b).at}.activity.coding[0].code`,
  ),
  // FHIR R4 Attachment: size is the number of bytes of the data, hash its base64 SHA-1 (datatypes.html#Attachment)
  gb(
    "an attachment whose size disagrees with its data",
    "cc-full",
    "fhir-attachment-size",
    (b) => (attachment(b).size = 1),
    (b) => `${attachmentAt(b)}.size`,
  ),
  gb(
    "an attachment whose hash disagrees with its data",
    "cc-full",
    "fhir-attachment-hash",
    (b) => (attachment(b).hash = "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
    (b) => `${attachmentAt(b)}.hash`,
  ),
  gb(
    "the official reply's PDF with a wrong size",
    "example:cc5-02-reply-with-pdf-attachment.xml",
    "fhir-attachment-size",
    (b) => (attachment(b).size = 37888),
    (b) => `${attachmentAt(b)}.size`,
  ),
  gb(
    "the official forward's PDF with another file's hash",
    "example:cc5-04-forward.xml",
    "fhir-attachment-hash",
    (b) => (attachment(b).hash = "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
    (b) => `${attachmentAt(b)}.hash`,
  ),
];
