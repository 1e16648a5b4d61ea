// Narratives (text.div) for the resources the gateway builds: what the profile marks SHALL:in-narrative, in XHTML,
// with line breaks kept and never any base64 (GeneralGovernance §5–6, DOMAIN.md §2.6).
import type { Narrative, Reference, Resource } from "../model/index.js";
import { XHTML_NS } from "../systems.js";

const XHTML_SPECIAL = /[&<>"]/;

export function escapeXhtml(text: string): string {
  // Most texts (names, codes, dates) have nothing to escape: tested first, not rebuilt through a replacer.
  if (!XHTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** Text with its line breaks as <br/> (DOMAIN.md §1.13: receivers must display line breaks). */
export function multiline(text: string): string {
  return escapeXhtml(text).replace(/\r?\n/g, "<br/>");
}

export function field(label: string, value: string | undefined): string {
  return value === undefined || value === "" ? "" : `<p><b>${escapeXhtml(label)}</b>: ${escapeXhtml(value)}</p>`;
}

/** A narrative generated from the resource's core elements only (R4 narrative-status `generated`). */
export function narrative(...parts: string[]): Narrative {
  return { status: "generated", div: `<div xmlns="${XHTML_NS}">${parts.join("")}</div>` };
}

/**
 * A narrative that also shows extension content (R4 narrative-status `extensions`: "generated from the core elements
 * and extensions"): the Communication's segment author, time and contact and its specific sender, as MedCom's
 * examples have it (cc5-01-new-message: Communication text.status `extensions`); a MessageHeader's destination use.
 */
export function narrativeWithExtensions(...parts: string[]): Narrative {
  return { ...narrative(...parts), status: "extensions" };
}

/** The resource's own id, which the narrative must show (DOMAIN.md §2.6). */
export function idField(resource: Pick<Resource, "resourceType" | "id">): string {
  return field("Id", resource.id === undefined ? undefined : `${resource.resourceType}/${resource.id}`);
}

/** A reference as the reader needs it: the name of what it points to when known, and the reference itself. */
export function referenceText(reference: Reference | undefined, name?: string): string | undefined {
  const ref = reference?.reference ?? reference?.identifier?.value;
  if (ref === undefined) return name;
  return name === undefined || name === "" ? ref : `${name} (${ref})`;
}
