// The one reference resolver of the gateway (issue 11, point 2): a Bundle is indexed once and every reference is
// resolved the way FHIR R4 says a receiver resolves it (bundle.html §"Resolving references in Bundles"), so the
// sender the gateway authorises is the sender every FHIR receiver reads. Everything that follows a reference — the
// validator, the message summary, the acknowledgement builder, narratives, resend, fingerprint, CLI — uses this.
// Linear: the index is built in one pass; each lookup is a constant number of string operations and Map reads.
import type { Bundle, Resource } from "../model/index.js";

export interface BundledEntry {
  /** Position in Bundle.entry. */
  index: number;
  fullUrl?: string;
  resource: Resource;
}

/** Why a reference does not lead to exactly one entry. */
export type Unresolved =
  /** No entry has the fullUrl the reference stands for. */
  | "not-found"
  /** More than one entry has it (bdl-7 broken): a receiver could pick either. */
  | "ambiguous"
  /** FHIR gives the reference no meaning inside the Bundle (a relative reference from an entry without a RESTful fullUrl, a version-specific or malformed reference). */
  | "no-meaning";

export type Resolution = { ok: true; entry: BundledEntry } | { ok: false; why: Unresolved };

/** `Type/id` as FHIR writes a relative literal reference (the RESTful URL regex's tail, without `_history`). */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** An absolute URI starts with a scheme (RFC 3986 §3.1). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*:/;

/** A fullUrl or relative reference split into its RESTful parts: root (`""` or `http(s)://…/`), type and id. */
export interface RestfulParts {
  root: string;
  type: string;
  id: string;
}

/**
 * The parts of a RESTful URL (FHIR R4 references.html "RESTful URL regex": an optional http(s) root, then Type/id),
 * or undefined. Version-specific URLs (`/_history/`) are not split: a fullUrl may not be one (bdl-8) and the gateway
 * resolves no version-specific reference. Written with lastIndexOf, not a regular expression, so it is linear.
 */
export function restfulParts(url: string): RestfulParts | undefined {
  const idAt = url.lastIndexOf("/");
  if (idAt < 0) return undefined;
  const typeAt = url.lastIndexOf("/", idAt - 1);
  const type = url.slice(typeAt + 1, idAt);
  const id = url.slice(idAt + 1);
  const root = url.slice(0, typeAt + 1);
  if (!RESOURCE_TYPE.test(type) || !FHIR_ID.test(id) || url.includes("/_history/")) return undefined;
  if (root !== "" && !/^https?:\/\/[^/]/.test(root)) return undefined;
  return { root, type, id };
}

const isAbsoluteUri = (value: string): boolean => SCHEME.test(value);

export class BundleReferences {
  readonly entries: readonly BundledEntry[];
  /** Entries by fullUrl; more than one under a key means the fullUrl is not unique (bdl-7). */
  private readonly byFullUrl = new Map<string, BundledEntry[]>();
  /**
   * Entries by `Type/id`, for the uniqueness check only: resolution goes by fullUrl, as FHIR's does. Indexed when
   * first asked for: only the validator's entry checks ask, and every reader and fingerprint builds this index too
   * (issue 17, point 3).
   */
  private byTypeAndId: Map<string, BundledEntry[]> | undefined;
  private readonly byResource = new Map<Resource, BundledEntry>();

  constructor(bundle: Bundle) {
    const entries: BundledEntry[] = [];
    (Array.isArray(bundle.entry) ? bundle.entry : []).forEach((e, index) => {
      const resource = e?.resource;
      if (resource === undefined || resource === null || typeof resource !== "object") return;
      const entry: BundledEntry =
        typeof e.fullUrl === "string" ? { index, fullUrl: e.fullUrl, resource } : { index, resource };
      entries.push(entry);
      this.byResource.set(resource, entry);
      if (entry.fullUrl !== undefined) push(this.byFullUrl, entry.fullUrl, entry);
    });
    this.entries = entries;
  }

  /** The one entry `reference` leads to from the entry `from` (the one holding the reference), or why there is none. */
  resolution(reference: string | undefined, from: BundledEntry | undefined): Resolution {
    if (typeof reference !== "string" || reference === "") return { ok: false, why: "no-meaning" };
    let url: string;
    if (isAbsoluteUri(reference)) {
      // An absolute reference (http(s), urn:uuid:, urn:oid:) is looked up as it is among the fullUrls.
      url = reference;
    } else {
      // A relative `Type/id` takes the root of the referencing entry's fullUrl, when that is a RESTful URL.
      const relative = restfulParts(reference);
      const base = from?.fullUrl === undefined ? undefined : restfulParts(from.fullUrl);
      if (relative === undefined || relative.root !== "" || base === undefined) return { ok: false, why: "no-meaning" };
      url = `${base.root}${reference}`;
    }
    const found = this.byFullUrl.get(url);
    if (found === undefined) return { ok: false, why: "not-found" };
    if (found.length > 1) return { ok: false, why: "ambiguous" };
    return { ok: true, entry: found[0] as BundledEntry };
  }

  /** The entry `reference` leads to from `from`, or undefined when it leads to none or to more than one. */
  resolve(reference: string | undefined, from: BundledEntry | undefined): BundledEntry | undefined {
    const r = this.resolution(reference, from);
    return r.ok ? r.entry : undefined;
  }

  /** The resource a reference leads to, typed by the caller's expectation and checked against `type`. */
  resource<T extends Resource>(
    reference: string | undefined,
    from: BundledEntry | undefined,
    type: T["resourceType"],
  ): T | undefined {
    const resource = this.resolve(reference, from)?.resource;
    return resource?.resourceType === type ? (resource as T) : undefined;
  }

  /** The entry holding `resource` (by identity), for following the references it holds. */
  entryOf(resource: Resource | undefined): BundledEntry | undefined {
    return resource === undefined ? undefined : this.byResource.get(resource);
  }

  ofType(type: string): BundledEntry[] {
    return this.entries.filter((e) => e.resource.resourceType === type);
  }

  /** The MessageHeader: MedCom puts it first (FHIR R4 bdl-12); found wherever it is so a broken message can still be read. */
  get header(): BundledEntry | undefined {
    return this.entries.find((e) => e.resource.resourceType === "MessageHeader");
  }

  /** fullUrls held by more than one entry, each with its entries (bdl-7). */
  duplicateFullUrls(): [string, BundledEntry[]][] {
    return [...this.byFullUrl].filter(([, list]) => list.length > 1);
  }

  /** `Type/id` keys held by more than one entry. */
  duplicateResources(): [string, BundledEntry[]][] {
    if (this.byTypeAndId === undefined) {
      this.byTypeAndId = new Map();
      for (const entry of this.entries) {
        const { resource } = entry;
        if (typeof resource.id === "string") push(this.byTypeAndId, `${resource.resourceType}/${resource.id}`, entry);
      }
    }
    return [...this.byTypeAndId].filter(([, list]) => list.length > 1);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The Bundle's references, indexed once. */
export const bundleReferences = (bundle: Bundle): BundleReferences => new BundleReferences(bundle);
