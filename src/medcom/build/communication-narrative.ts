// The Communication's narrative: what CareCommunication 5.0 marks SHALL:in-narrative — category, topic, priority and
// every segment with its signature (author, role, phone, time) and text or attachment title; never base64.
import type {
  Communication,
  CommunicationPayload,
  Narrative,
  Practitioner,
  PractitionerRole,
  Resource,
} from "../model/index.js";
import { ExtensionUrl } from "../systems.js";
import { escapeXhtml, field, multiline, narrative } from "./narrative.js";

export function communicationNarrative(
  c: Communication,
  people: readonly Resource[],
  categoryDisplay?: string,
): Narrative {
  const byRef = new Map(people.map((r) => [`${r.resourceType}/${r.id ?? ""}`, r]));
  return narrative(
    field("Kategori", categoryDisplay ?? c.category?.[0]?.coding?.[0]?.code),
    field("Emne", c.topic?.text),
    field("Prioritet", c.priority),
    field("Tråd", c.identifier?.[0]?.value),
    ...(c.payload ?? []).map((p) => segment(p, byRef)),
  );
}

function segment(p: CommunicationPayload, byRef: ReadonlyMap<string, Resource>): string {
  const ext = (url: string) => p.extension?.find((e) => e.url === url);
  const role = byRef.get(ext(ExtensionUrl.segmentAuthor)?.valueReference?.reference ?? "") as
    PractitionerRole | undefined;
  const person = byRef.get(role?.practitioner?.reference ?? "") as Practitioner | undefined;
  const name = person?.name?.[0];
  const signature = [
    name ? [...(name.given ?? []), name.family].filter(Boolean).join(" ") : undefined,
    role?.code?.[0]?.text ?? role?.code?.[0]?.coding?.[0]?.code,
    ext(ExtensionUrl.segmentAuthorContact)?.valueContactPoint?.value,
    ext(ExtensionUrl.segmentDateTime)?.valueDateTime,
  ]
    .filter((x): x is string => x !== undefined)
    .map(escapeXhtml)
    .join(", ");
  const body =
    p.contentString !== undefined
      ? `<p>${multiline(p.contentString)}</p>`
      : `<p>Bilag: ${escapeXhtml(p.contentAttachment?.title ?? "")}${p.contentAttachment?.url ? ` (${escapeXhtml(p.contentAttachment.url)})` : ""}</p>`;
  return `<blockquote>${body}<p><i>${signature}</i></p></blockquote>`;
}
