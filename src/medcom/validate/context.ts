// What every check needs while walking one message: the bundle's entries indexed for resolve(), the issues found so
// far (accumulated, never thrown: the validator walks the whole message and decides once), and location helpers.
import { error, type Issue, type Severity } from "../issues.js";
import type { Bundle, Resource } from "../model/index.js";

export interface Entry {
  index: number;
  resource: Resource;
  /** FHIRPath location of the resource, e.g. `Bundle.entry[2].resource.ofType(Patient)`. */
  path: string;
}

export class ValidationContext {
  readonly issues: Issue[] = [];
  readonly entries: Entry[];
  private readonly byReference = new Map<string, Entry>();

  constructor(readonly bundle: Bundle) {
    this.entries = (bundle.entry ?? []).flatMap((entry, index) => {
      const resource = entry.resource;
      if (!resource) return [];
      const e: Entry = { index, resource, path: `Bundle.entry[${index}].resource.ofType(${resource.resourceType})` };
      if (resource.id !== undefined) this.byReference.set(`${resource.resourceType}/${resource.id}`, e);
      if (entry.fullUrl !== undefined) this.byReference.set(entry.fullUrl, e);
      return [e];
    });
  }

  /** The bundled entry a reference points at: `Type/id`, a full URL, or a URL ending in `Type/id` (FHIR bundle rules). */
  resolve(reference: string | undefined): Entry | undefined {
    if (reference === undefined) return undefined;
    const direct = this.byReference.get(reference);
    if (direct) return direct;
    // eslint-disable-next-line regexp/no-super-linear-move -- quadratic on a long reference; replaced by the resolver of issue 11
    const match = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(reference);
    return match?.[1] === undefined ? undefined : this.byReference.get(match[1]);
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
