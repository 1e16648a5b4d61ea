// Reading the parts of a CareCommunication or Acknowledgement that the conversion tests compare field by field.
import type {
  Bundle,
  Communication,
  CommunicationPayload,
  MessageHeader,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Provenance,
  Resource,
} from "../../../src/medcom/model/index.js";
import { ExtensionUrl, GLN_SYSTEMS, IdentifierSystem } from "../../../src/medcom/systems.js";

export const resources = (b: Bundle): Resource[] => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
export const ofType = <T extends Resource>(b: Bundle, type: string): T[] =>
  resources(b).filter((r) => r.resourceType === type) as T[];
export const one = <T extends Resource>(b: Bundle, type: string): T => {
  const found = ofType<T>(b, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as T;
};
export const byReference = <T extends Resource>(b: Bundle, reference: string | undefined): T | undefined =>
  resources(b).find((r) => `${r.resourceType}/${r.id ?? ""}` === reference) as T | undefined;

export const header = (b: Bundle) => one<MessageHeader>(b, "MessageHeader");
export const communication = (b: Bundle) => one<Communication>(b, "Communication");
export const patient = (b: Bundle) => one<Patient>(b, "Patient");

export const gln = (org: Organization | undefined) =>
  org?.identifier?.find((i) => i.system !== undefined && GLN_SYSTEMS.includes(i.system))?.value;
export const sor = (org: Organization | undefined) =>
  org?.identifier?.find((i) => i.system === IdentifierSystem.sor)?.value;

export const senderOrg = (b: Bundle) => byReference<Organization>(b, header(b).sender?.reference);
export const receiverOrg = (b: Bundle) => byReference<Organization>(b, header(b).destination?.[0]?.receiver?.reference);

export const ext = (p: CommunicationPayload | undefined, url: string) => p?.extension?.find((e) => e.url === url);
export const segmentId = (p: CommunicationPayload | undefined) =>
  ext(p, ExtensionUrl.segmentIdentifier)?.valueIdentifier?.value;
export const textSegment = (b: Bundle) => communication(b).payload?.find((p) => p.contentString !== undefined);
export const attachmentSegments = (b: Bundle) =>
  (communication(b).payload ?? []).filter((p) => p.contentAttachment !== undefined);

export function author(b: Bundle, p: CommunicationPayload | undefined) {
  const role = byReference<PractitionerRole>(b, ext(p, ExtensionUrl.segmentAuthor)?.valueReference?.reference);
  const person = byReference<Practitioner>(b, role?.practitioner?.reference);
  return { role, person };
}

/** The Provenance of this message (its target is this message's MessageHeader). */
export const ownProvenance = (b: Bundle) =>
  ofType<Provenance>(b, "Provenance").find((p) => p.target[0]?.reference === `MessageHeader/${header(b).id ?? ""}`);
