// This message's own Provenance (Messaging §2.5): the one whose target resolves — by FHIR's Bundle rules, through the
// one resolver — to this message's MessageHeader. The others are the stack of earlier exchanges.
import type { Provenance } from "../model/index.js";
import type { BundleReferences, BundledEntry } from "./bundle-references.js";

export function ownProvenanceEntry(refs: BundleReferences, header: BundledEntry): BundledEntry | undefined {
  return refs
    .ofType("Provenance")
    .find((p) => ((p.resource as Provenance).target ?? []).some((t) => refs.resolve(t.reference, p) === header));
}

export function ownProvenance(refs: BundleReferences, header: BundledEntry): Provenance | undefined {
  return ownProvenanceEntry(refs, header)?.resource as Provenance | undefined;
}
