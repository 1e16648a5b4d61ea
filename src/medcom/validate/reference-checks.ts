// Every reference of a message leads to exactly one bundled resource of a type its profile allows, resolved the way a
// FHIR receiver resolves it (issue 11, point 2; bundle.html §"Resolving references in Bundles"). One pass over the
// resources, one constant-time lookup per reference: linear in the size of the message (issue 11, point 4).
import { shownValue } from "../ids.js";
import type { Entry, ValidationContext } from "./context.js";

/**
 * The resource types a reference may lead to, by element (the targetProfile of the MedCom profiles, reduced to the
 * resource type: MessageHeader.focus → MedComCareCommunication, sender/receiver → MedComMessagingOrganization, …).
 */
const TARGET_TYPES: Readonly<Record<string, readonly string[]>> = {
  "MessageHeader.sender": ["Organization"],
  "MessageHeader.destination.receiver": ["Organization"],
  "MessageHeader.focus": ["Communication"],
  "MessageHeader.response.details": ["OperationOutcome"],
  "Provenance.target": ["MessageHeader"],
  "Provenance.agent.who": ["Organization"],
  "Communication.subject": ["Patient"],
  "Communication.encounter": ["Encounter"],
  "Communication.recipient": ["PractitionerRole", "CareTeam"],
  "PractitionerRole.practitioner": ["Practitioner"],
  "PractitionerRole.organization": ["Organization"],
  "Patient.managingOrganization": ["Organization"],
  "Encounter.subject": ["Patient"],
  "Encounter.serviceProvider": ["Organization"],
  "CareTeam.managingOrganization": ["Organization"],
};

/** Elements that point at earlier messages (the Provenance stack): by design not in this Bundle (DOMAIN.md §2.5). */
const MAY_POINT_OUTSIDE = new Set(["Provenance.target", "Provenance.entity.what"]);

/** Every reference inside a message must resolve to one bundled resource (aggregation `bundled`, DOMAIN.md §2.1). */
export function checkReferences(ctx: ValidationContext): void {
  for (const entry of ctx.entries) visit(ctx, entry, entry.resource, entry.path, entry.resource.resourceType);
}

function visit(ctx: ValidationContext, entry: Entry, value: unknown, path: string, element: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => visit(ctx, entry, v, `${path}[${i}]`, element));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === "reference" && typeof child === "string") checkReference(ctx, entry, child, path, element);
    else if (key !== "contained" && key !== "text") visit(ctx, entry, child, `${path}.${key}`, `${element}.${key}`);
  }
}

function checkReference(ctx: ValidationContext, entry: Entry, reference: string, path: string, element: string): void {
  const resolution = ctx.resolution(reference, entry);
  if (!resolution.ok) {
    if (resolution.why !== "ambiguous" && MAY_POINT_OUTSIDE.has(element)) return;
    ctx.error(
      resolution.why === "ambiguous" ? "reference-ambiguous" : "reference-unresolved",
      `${path}.reference`,
      resolution.why === "ambiguous"
        ? `The reference ${shownValue(reference)} leads to more than one entry of this Bundle (their fullUrls are equal); it must lead to exactly one.`
        : `The reference ${shownValue(reference)} does not resolve to a resource in this Bundle by FHIR's rules (the fullUrl of an entry, or Type/id on the referencing entry's fullUrl base); MedCom messages carry every referenced resource.`,
      "reference-bundled",
    );
    return;
  }
  const allowed = TARGET_TYPES[element];
  const type = resolution.entry.resource.resourceType;
  if (allowed !== undefined && !allowed.includes(type)) {
    ctx.error(
      "reference-target-type",
      `${path}.reference`,
      `${element} must refer to ${allowed.join(" or ")}; this reference leads to a ${type}.`,
      "reference-target-type",
    );
  }
}
