// The segments of a CareCommunication (Communication.payload) as a reader needs them: each text or attachment with
// its signature resolved inside the bundle — who wrote it (name, role, phone), when, and which organisation added it
// (DOMAIN.md §1.6; governance: every segment shows its organisation). Works on received messages too.
import type {
  Attachment,
  Bundle,
  Communication,
  HumanName,
  Organization,
  PractitionerRole,
  Resource,
} from "../model/index.js";
import { ROLE_CODES } from "../compose/codes.js";
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
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const resolve = (ref: string | undefined): Resource | undefined =>
    ref === undefined ? undefined : resources.find((r) => ref.endsWith(`${r.resourceType}/${r.id ?? ""}`));
  const communication = resources.find((r): r is Communication => r.resourceType === "Communication");
  return (communication?.payload ?? []).map((payload) => {
    const ext = (url: string) => payload.extension?.find((e) => e.url === url);
    const identifier = ext(ExtensionUrl.segmentIdentifier)?.valueIdentifier;
    const segment: Segment = { kind: payload.contentAttachment ? "attachment" : "text" };
    if (identifier?.value !== undefined) segment.id = identifier.value;
    const date = ext(ExtensionUrl.segmentDateTime)?.valueDateTime;
    if (date !== undefined) segment.date = date;
    const assigner = identifier?.assigner?.reference;
    if (assigner !== undefined) segment.organization = organizationOf(assigner, resolve(assigner));
    const role = resolve(ext(ExtensionUrl.segmentAuthor)?.valueReference?.reference) as PractitionerRole | undefined;
    const author = authorOf(role, resolve, ext(ExtensionUrl.segmentAuthorContact)?.valueContactPoint?.value);
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
  resolve: (ref: string | undefined) => Resource | undefined,
  phone: string | undefined,
): Segment["author"] {
  const author: NonNullable<Segment["author"]> = {};
  const name = (resolve(role?.practitioner?.reference) as { name?: HumanName[] } | undefined)?.name?.[0];
  const written = name ? [...(name.given ?? []), name.family].filter(Boolean).join(" ") : "";
  if (written !== "") author.name = written;
  const code = role?.code?.[0];
  const coded = code?.coding?.[0]?.code;
  const roleText = code?.text ?? (coded === undefined ? undefined : (ROLE_CODES?.display(coded) ?? coded));
  if (roleText !== undefined) author.role = roleText;
  if (phone !== undefined) author.phone = phone;
  return Object.keys(author).length > 0 ? author : undefined;
}
