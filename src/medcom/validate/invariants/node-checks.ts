// One small check per FHIR R4 base invariant key that sits on one element (dom-*, bdl-*, att-1, per-1, ref-1, cpt-2,
// qty-3, drt-1, org-*, pat-1, ctm-1). Each takes the element's JSON value and says whether the published FHIRPath
// expression (schemas/invariants.json) holds; the runner reports a violation with the invariant's key and severity
// at the element. Hand-written instead of a FHIRPath engine so the fast path stays fast; a test evaluates every
// expression with HL7's fhirpath.js over the same elements and compares verdicts.
import type { Entry, ValidationContext } from "../context.js";
import { comparePeriodEnds } from "./period.js";

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const exists = (v: unknown): boolean => items(v).length > 0;
const objects = (v: unknown): JsonObject[] => items(v).filter(isObject);

/** What a check may need beyond the element: the resource it is in and the message. */
export interface CheckEnv {
  ctx: ValidationContext;
  /** The bundled entry the element is in (undefined for the Bundle's own elements). */
  entry: Entry | undefined;
  /** The resource the element is in (the Bundle for the Bundle's own elements). */
  resource: JsonObject;
}

/** true when the invariant holds on `node`. */
export type NodeCheck = (node: JsonObject, env: CheckEnv) => boolean;

const UCUM = "http://unitsofmeasure.org";

/** Every string value at any depth under `value` (dom-3's "descendants()"). */
function strings(value: unknown, out: string[]): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (isObject(value)) for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Some `reference` at any depth under `value` equals `target` (dom-3's "descendants().where(reference = '#')"). */
function hasReference(value: unknown, target: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasReference(v, target));
  if (!isObject(value)) return false;
  if (value.reference === target) return true;
  return Object.values(value).some((v) => hasReference(v, target));
}

export const NODE_CHECKS: Readonly<Record<string, NodeCheck>> = {
  // DomainResource (R4 domainresource.html §invariants)
  "dom-2": (r) => objects(r.contained).every((c) => !exists(c.contained)),
  "dom-3": (r) => {
    const contained = objects(r.contained);
    if (contained.length === 0) return true;
    // FHIR R4 references.html §contained: every contained resource is referenced from the rest of the resource,
    // or refers to its container ("#").
    const elsewhere = new Set(strings(r, []));
    return contained.every((c) => (typeof c.id === "string" && elsewhere.has(`#${c.id}`)) || hasReference(c, "#"));
  },
  "dom-4": (r) =>
    objects(r.contained).every((c) => {
      const meta = isObject(c.meta) ? c.meta : {};
      return !exists(meta.versionId) && !exists(meta.lastUpdated);
    }),
  "dom-5": (r) => objects(r.contained).every((c) => !(isObject(c.meta) && exists(c.meta.security))),
  // Best practice (warning). MedCom's governance warning `medcom-narrative` already reports a resource with no
  // text at all (common-checks.ts), so dom-6 adds only the case it does not: a text without its div.
  "dom-6": (r) => !isObject(r.text) || r.text.div !== undefined,

  // Bundle (R4 bundle.html §invariants); bdl-7, bdl-8 and bdl-12 are bundle-entry-checks.ts / common-checks.ts.
  "bdl-1": (b) => !exists(b.total) || b.type === "searchset" || b.type === "history",
  "bdl-2": (b) => b.type === "searchset" || objects(b.entry).every((e) => !exists(e.search)),
  "bdl-3": (b) => {
    const wanted = b.type === "batch" || b.type === "transaction" || b.type === "history";
    return objects(b.entry).every((e) => exists(e.request) === wanted);
  },
  "bdl-4": (b) => {
    const wanted = b.type === "batch-response" || b.type === "transaction-response" || b.type === "history";
    return objects(b.entry).every((e) => exists(e.response) === wanted);
  },
  "bdl-5": (e) => exists(e.resource) || exists(e.request) || exists(e.response),
  "bdl-9": (b) =>
    b.type !== "document" || (isObject(b.identifier) && exists(b.identifier.system) && exists(b.identifier.value)),
  "bdl-10": (b) => b.type !== "document" || typeof b.timestamp === "string",
  "bdl-11": (b) => {
    if (b.type !== "document") return true;
    const first = objects(b.entry)[0]?.resource;
    return isObject(first) && first.resourceType === "Composition";
  },

  // Data types (R4 datatypes.html, references.html)
  "att-1": (a) => !exists(a.data) || exists(a.contentType),
  "per-1": (p) =>
    typeof p.start !== "string" || typeof p.end !== "string" || comparePeriodEnds(p.start, p.end) !== "after",
  "ref-1": (ref, env) => {
    const reference = ref.reference;
    if (typeof reference !== "string" || !reference.startsWith("#")) return true;
    // %rootResource: the resource in the entry (entries are not contained in the Bundle); "#" alone refers to a
    // container, which an entry's resource is not.
    const root = env.entry?.resource ?? env.resource;
    const ids = objects((root as JsonObject).contained).map((c) => c.id);
    return ids.includes(reference.slice(1));
  },
  "cpt-2": (c) => !exists(c.value) || exists(c.system),
  "qty-3": (q) => !exists(q.code) || exists(q.system),
  // "If system is present, it SHALL be UCUM" (the human text; the expression is empty without a system).
  "drt-1": (d) => !exists(d.code) || ((d.system === undefined || d.system === UCUM) && exists(d.value)),

  // Resources MedCom uses (R4 organization.html, patient.html, careteam.html)
  "org-1": (o) => exists(o.identifier) || exists(o.name),
  "org-2": (a) => a.use !== "home",
  "org-3": (t) => t.use !== "home",
  "pat-1": (c) => exists(c.name) || exists(c.telecom) || exists(c.address) || exists(c.organization),
  "ctm-1": (p, env) => {
    if (!exists(p.onBehalfOf)) return true;
    const member = isObject(p.member) ? p.member.reference : undefined;
    const target = typeof member === "string" ? env.ctx.resolve(member, env.entry) : undefined;
    return target === undefined || target.resource.resourceType === "Practitioner";
  },
};
