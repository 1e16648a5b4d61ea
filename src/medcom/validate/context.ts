// What every check needs while walking one message: the bundle's entries indexed for resolve() (FHIR's Bundle rules), the issues found so
// far (accumulated, never thrown: the validator walks the whole message and decides once), and location helpers.
import { error, type Issue, type Severity } from "../../util/issues.js";
import type { DetachedAttachments } from "../detached.js";
import type { Bundle, Resource } from "../model/index.js";
import { BundleReferences, type BundledEntry, type Unresolved } from "../references/bundle-references.js";

export interface Entry extends BundledEntry {
  index: number;
  resource: Resource;
  /** FHIRPath location of the resource, e.g. `Bundle.entry[2].resource.ofType(Patient)`. */
  path: string;
}

/**
 * The bundled entry with its path: the same members in the same order as `{ ...entry, path }`, written out — the
 * spread was the costliest step of building the context (≈ 3 of 7 µs per built text letter, issue 17 point 3).
 */
function located(b: BundledEntry, path: string): Entry {
  return b.fullUrl === undefined
    ? { index: b.index, resource: b.resource, path }
    : { index: b.index, fullUrl: b.fullUrl, resource: b.resource, path };
}

export class ValidationContext {
  readonly issues: Issue[] = [];
  readonly entries: Entry[];
  /** The one resolver (issue 11, point 2): FHIR's Bundle resolution, indexed once, O(1) per reference. */
  readonly references: BundleReferences;
  private readonly located = new Map<BundledEntry, Entry>();
  /**
   * The profile each entry is judged by (index.ts appliedProfiles), by entry path: a reference to a resource that is
   * itself judged by the reference's target profile leaves that profile's faults to the resource's own checks.
   */
  readonly judgedBy = new Map<string, string>();

  /** The request's detached attachments (issue 17): a data token among them stands for data with these facts. */
  readonly detached: DetachedAttachments;

  constructor(
    readonly bundle: Bundle,
    detached: DetachedAttachments = new Map(),
  ) {
    this.detached = detached;
    this.references = new BundleReferences(
      bundle.resourceType === "Bundle" ? bundle : ({ entry: [] } as unknown as Bundle),
    );
    this.entries = this.references.entries.map((b) => {
      const e = located(b, `Bundle.entry[${b.index}].resource.ofType(${b.resource.resourceType})`);
      this.located.set(b, e);
      return e;
    });
  }

  /** How `reference`, held by the entry `from`, resolves by FHIR's Bundle rules (bundle.html §Resolving references). */
  resolution(
    reference: string | undefined,
    from: BundledEntry | undefined,
  ): { ok: true; entry: Entry } | { ok: false; why: Unresolved } {
    const r = this.references.resolution(reference, from);
    if (!r.ok) return r;
    const entry = this.located.get(r.entry);
    return entry ? { ok: true, entry } : { ok: false, why: "not-found" };
  }

  /** The one bundled entry `reference` (held by `from`) leads to; undefined when none or more than one. */
  resolve(reference: string | undefined, from: BundledEntry | undefined): Entry | undefined {
    const r = this.resolution(reference, from);
    return r.ok ? r.entry : undefined;
  }

  /** The message's MessageHeader (MedCom puts it first; found wherever it is so its rules can still be checked). */
  get header(): Entry | undefined {
    return this.entries.find((e) => e.resource.resourceType === "MessageHeader");
  }

  ofType<T extends Resource["resourceType"]>(type: T): Entry[] {
    return this.entries.filter((e) => e.resource.resourceType === type);
  }

  add(severity: Severity, code: string, path: string, message: string, rule?: string): void {
    if (severity === "error") this.issues.push(error(code, path, message, rule));
    else
      this.issues.push(
        rule === undefined ? { severity, code, path, message } : { severity, code, rule, path, message },
      );
  }

  error(code: string, path: string, message: string, rule?: string): void {
    this.add("error", code, path, message, rule);
  }

  warning(code: string, path: string, message: string, rule?: string): void {
    this.add("warning", code, path, message, rule);
  }
}
