// The segments of a CareCommunication (Communication.payload) as a reader needs them: each text or attachment with
// its signature resolved inside the bundle — who wrote it (name, role, phone), when, and which organisation added it
// (DOMAIN.md §1.6; governance: every segment shows its organisation). Works on received messages too.
import type {
  Attachment,
  Bundle,
  Communication,
  HumanName,
  MessageHeader,
  Organization,
  PractitionerRole,
  Resource,
} from "../model/index.js";
import { ROLE_CODES } from "../compose/codes.js";
import { bundleReferences, type BundledEntry } from "../references/bundle-references.js";
import { ExtensionUrl, GLN_SYSTEMS, IdentifierSystem } from "../systems.js";

export interface SegmentOrganization {
  reference: string;
  gln?: string;
  sor?: string;
  name?: string;
}

export interface Segment {
  /** `urn:uuid:` segment identifier (payload extension identifier). */
  id?: string;
  kind: "text" | "attachment";
  /** When the author pressed send (payload extension date). */
  date?: string;
  /** The organisation that first added the segment (identifier.assigner). */
  organization?: SegmentOrganization;
  author?: { name?: string; role?: string; phone?: string };
  text?: string;
  /** As sent; in a reply an earlier attachment has neither data nor url (governance rule 6). */
  attachment?: Attachment;
}

export function segmentsOf(bundle: Bundle): Segment[] {
  // The one resolver (issue 11, point 2): the Communication is the MessageHeader's focus, and each signature is read
  // where a FHIR receiver reads it.
  const refs = bundleReferences(bundle);
  const header = refs.header;
  const from =
    header === undefined ? undefined : refs.resolve((header.resource as MessageHeader).focus?.[0]?.reference, header);
  const communication = from?.resource.resourceType === "Communication" ? (from.resource as Communication) : undefined;
  const resolve = (ref: string | undefined, at: BundledEntry | undefined = from): BundledEntry | undefined =>
    refs.resolve(ref, at);
  return (communication?.payload ?? []).map((payload) => {
    const ext = (url: string) => payload.extension?.find((e) => e.url === url);
    const identifier = ext(ExtensionUrl.segmentIdentifier)?.valueIdentifier;
    const segment: Segment = { kind: payload.contentAttachment ? "attachment" : "text" };
    if (identifier?.value !== undefined) segment.id = identifier.value;
    const date = ext(ExtensionUrl.segmentDateTime)?.valueDateTime;
    if (date !== undefined) segment.date = date;
    const assigner = identifier?.assigner?.reference;
    if (assigner !== undefined) segment.organization = organizationOf(assigner, resolve(assigner)?.resource);
    const role = resolve(ext(ExtensionUrl.segmentAuthor)?.valueReference?.reference);
    const practitioner = resolve((role?.resource as PractitionerRole | undefined)?.practitioner?.reference, role);
    const author = authorOf(
      role?.resource as PractitionerRole | undefined,
      practitioner?.resource,
      ext(ExtensionUrl.segmentAuthorContact)?.valueContactPoint?.value,
    );
    if (author) segment.author = author;
    if (payload.contentString !== undefined) segment.text = payload.contentString;
    if (payload.contentAttachment) segment.attachment = payload.contentAttachment;
    return segment;
  });
}

function organizationOf(reference: string, resource: Resource | undefined): SegmentOrganization {
  const org = resource as Organization | undefined;
  const out: SegmentOrganization = { reference };
  const gln = org?.identifier?.find((i) => i.system !== undefined && GLN_SYSTEMS.includes(i.system))?.value;
  const sor = org?.identifier?.find((i) => i.system === IdentifierSystem.sor)?.value;
  if (gln !== undefined) out.gln = gln;
  if (sor !== undefined) out.sor = sor;
  if (org?.name !== undefined) out.name = org.name;
  return out;
}

function authorOf(
  role: PractitionerRole | undefined,
  practitioner: Resource | undefined,
  phone: string | undefined,
): Segment["author"] {
  const author: NonNullable<Segment["author"]> = {};
  const name = (practitioner as { name?: HumanName[] } | undefined)?.name?.[0];
  const written = name ? [...(name.given ?? []), name.family].filter(Boolean).join(" ") : "";
  if (written !== "") author.name = written;
  const code = role?.code?.[0];
  const coded = code?.coding?.[0]?.code;
  const roleText = code?.text ?? (coded === undefined ? undefined : (ROLE_CODES?.display(coded) ?? coded));
  if (roleText !== undefined) author.role = roleText;
  if (phone !== undefined) author.phone = phone;
  return Object.keys(author).length > 0 ? author : undefined;
}
