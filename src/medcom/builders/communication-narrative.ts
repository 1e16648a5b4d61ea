// The Communication's narrative: what CareCommunication 5.0 marks SHALL:in-narrative — id, specific sender, status,
// category (Danish display and code), priority, subject, topic, encounter, recipient, and every segment with its
// signature (author, role, phone, time, adding organisation) and its text or attachment (type, title, link, creation);
// never base64 (DOMAIN.md §2.6).
import { CATEGORIES, ROLE_CODES } from "../compose/codes.js";
import type {
  CareTeam,
  Communication,
  CommunicationPayload,
  Narrative,
  Organization,
  HumanName,
  PractitionerRole,
  Reference,
  Resource,
} from "../model/index.js";
import { ExtensionUrl } from "../systems.js";
import { escapeXhtml, field, idField, multiline, narrativeWithExtensions, referenceText } from "./narrative.js";

type Resolve = (reference: string | undefined) => Resource | undefined;

const PRIORITY: Record<string, string> = { routine: "Normal (routine)", asap: "Hurtigst muligt (asap)" };

export function communicationNarrative(c: Communication, resources: readonly Resource[]): Narrative {
  const byRef = new Map(resources.map((r) => [`${r.resourceType}/${r.id ?? ""}`, r]));
  const resolve: Resolve = (ref) => (ref === undefined ? undefined : byRef.get(ref));
  const category = c.category?.[0]?.coding?.[0]?.code;
  const specificSender = c.extension?.find((e) => e.url === ExtensionUrl.specificSender)?.valueReference;
  // Segment signatures and the specific sender are extensions: text.status `extensions` (R4 narrative-status).
  return narrativeWithExtensions(
    idField(c),
    field("Tråd", c.identifier?.[0]?.value),
    field("Status", c.status),
    field(
      "Kategori",
      category === undefined ? undefined : `${CATEGORIES?.display(category) ?? category} (${category})`,
    ),
    field("Prioritet", c.priority === undefined ? undefined : (PRIORITY[c.priority] ?? c.priority)),
    field("Emne", c.topic?.text),
    field("Patient", referenceText(c.subject, personName(resolve(c.subject?.reference)))),
    field("Forløb", referenceText(c.encounter)),
    field("Specifik afsender", referenceText(specificSender, partyName(resolve(specificSender?.reference), resolve))),
    ...(c.recipient ?? []).map((r) =>
      field("Specifik modtager", referenceText(r, partyName(resolve(r.reference), resolve))),
    ),
    ...(c.payload ?? []).map((p) => segment(p, resolve)),
  );
}

/** A Patient's or Practitioner's name as written: given names, then family name. */
function personName(resource: Resource | undefined): string | undefined {
  const name = (resource as { name?: HumanName[] } | undefined)?.name?.[0];
  return name ? [...(name.given ?? []), name.family].filter(Boolean).join(" ") : undefined;
}

/** A CareTeam's name, or a PractitionerRole's person and role. */
function partyName(resource: Resource | undefined, resolve: Resolve): string | undefined {
  if (resource?.resourceType === "CareTeam") return (resource as CareTeam).name;
  if (resource?.resourceType !== "PractitionerRole") return undefined;
  const role = resource as PractitionerRole;
  return [personName(resolve(role.practitioner?.reference)), roleName(role)].filter(Boolean).join(", ");
}

function roleName(role: PractitionerRole | undefined): string | undefined {
  const code = role?.code?.[0];
  const coded = code?.coding?.[0]?.code;
  return code?.text ?? (coded === undefined ? undefined : (ROLE_CODES?.display(coded) ?? coded));
}

function segment(p: CommunicationPayload, resolve: Resolve): string {
  const ext = (url: string) => p.extension?.find((e) => e.url === url);
  const role = resolve(ext(ExtensionUrl.segmentAuthor)?.valueReference?.reference) as PractitionerRole | undefined;
  const assigner: Reference | undefined = ext(ExtensionUrl.segmentIdentifier)?.valueIdentifier?.assigner;
  const organization = resolve(assigner?.reference) as Organization | undefined;
  const signature = [
    personName(resolve(role?.practitioner?.reference)),
    roleName(role),
    ext(ExtensionUrl.segmentAuthorContact)?.valueContactPoint?.value,
    organization?.name,
    ext(ExtensionUrl.segmentDateTime)?.valueDateTime,
  ]
    .filter((x): x is string => x !== undefined && x !== "")
    .map(escapeXhtml)
    .join(", ");
  return `<blockquote>${content(p)}<p><i>${signature}</i></p></blockquote>`;
}

function content(p: CommunicationPayload): string {
  if (p.contentString !== undefined) return `<p>${multiline(p.contentString)}</p>`;
  const a = p.contentAttachment;
  const details = [a?.contentType, a?.url, a?.creation === undefined ? undefined : `oprettet ${a.creation}`]
    .filter((x): x is string => x !== undefined)
    .join(", ");
  return `<p><b>Bilag</b>: ${escapeXhtml(a?.title ?? "")}${details ? ` (${escapeXhtml(details)})` : ""}</p>`;
}
