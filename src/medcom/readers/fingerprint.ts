// The fingerprint of a message: what makes two submissions "the same message" (CONTRACT.md §2: the same id for other
// content is a 409), one recipe for every way in (issue 14, point 2). A letter composed from JSON, the very Bundle
// the gateway built posted again, a technical resend of it, and the same compose request retried under its
// Idempotency-Key are one message; anything a person wrote or chose that differs makes it another.
//
// An acknowledgement is its answer: the response code and issues a location gives to one message. The rest of its
// Bundle restates the acknowledged message (its parties, its latest Provenance) in whatever form the answering
// system writes it, so the gateway's own Acknowledgement built from a receiver's `{ "code": "ok" }` and the one that
// receiver posts ready are the same answer.
//
// For a letter the fingerprint leaves out what is stamped on it each time it is built or sent rather than said in it:
// - the send: Bundle.id and timestamp, the own Provenance's times (a technical resend changes them: DOMAIN.md §2.4);
// - the build: the time on the segments this message adds, and the identity of its parts — resource ids and the
//   `urn:uuid:` identifiers minted for it — which are kept as their pattern (which part points at which), not their
//   value. A reference to another message (the one answered or acknowledged) is kept as it is: it says something;
// - narratives: they restate the structured data, with the ids and times above written into them.
// An attachment's data is there as `sha256:<hex>` of the bytes it stands for (issue 17): inline base64 (however it is
// folded) and a detached attachment's token for the same bytes are the same data, and the same message posted twice
// has the same fingerprint though its tokens differ. The large data is hashed once and never copied.
import { DETACHED_PREFIX, type DetachedAttachments } from "../detached.js";
import { isCompactBase64 } from "../proven-base64.js";
import { createHash } from "node:crypto";
import type { Bundle, BundleEntry, Communication, Provenance } from "../model/index.js";
import { bundleReferences } from "../references/bundle-references.js";
import { ownProvenanceEntry } from "../references/own-provenance.js";
import { ExtensionUrl } from "../systems.js";
import { canonicalJson, Names } from "./canonical-json.js";
import { describeMessage, type MessageDescription } from "./message.js";

/**
 * `described`: the message as the one reader describes it, when the caller has read it already. `detached`: the
 * request's detached attachments (issue 17), whose tokens stand for data by its SHA-256.
 */
export function messageFingerprint(
  bundle: Bundle,
  described: MessageDescription = describeMessage(bundle),
  detached: DetachedAttachments = new Map(),
): string {
  if (described.kind === "acknowledgement") {
    const { answers, sender, receiver, response } = described;
    return sha256(JSON.stringify({ answers, from: sender.gln, to: receiver.gln, response }));
  }
  const digested = withDataDigests(bundle, detached);
  const { id: _id, timestamp: _timestamp, ...copy } = digested;
  const refs = bundleReferences(copy);
  const own = refs.header === undefined ? undefined : ownProvenanceEntry(refs, refs.header);
  if (own !== undefined && Array.isArray(copy.entry)) {
    const { occurredDateTime: _occurred, ...provenance } = own.resource as Provenance;
    const entry = [...copy.entry];
    entry[own.index] = { ...entry[own.index], resource: { ...provenance, recorded: "" } };
    copy.entry = withoutNewSegmentTimes(entry, provenance);
  }
  const names = new Names();
  for (const entry of copy.entry ?? []) if (entry.resource?.id !== undefined) names.name(entry.resource.id);
  return sha256(canonicalJson(copy, names));
}

/**
 * The recipe's mark, so a fingerprint made by an earlier recipe (records accepted before issue 14: a bare base64url
 * hash; `m1.`, before issue 17, with attachment data as written) is told apart and compared by fingerprinting the
 * stored message again (src/usecases/steps/same-message.ts).
 */
const RECIPE = "m2.";

/** Whether a stored fingerprint was made by this recipe. */
export const isCurrentFingerprint = (fingerprint: string): boolean => fingerprint.startsWith(RECIPE);

const sha256 = (json: string) => RECIPE + createHash("sha256").update(json, "utf8").digest("base64url");

/**
 * The segments this message adds (its own Provenance's `source` entities) are dated with the time it was built: the
 * entries with those payloads' segment times left out. Copies what it changes; the message itself is not changed.
 */
function withoutNewSegmentTimes(entries: BundleEntry[], own: Provenance): BundleEntry[] {
  const added = new Set(own.entity?.filter((e) => e.role === "source").map((e) => e.what.identifier?.value));
  return entries.map((entry) => {
    const c = entry.resource as Communication | undefined;
    if (c?.resourceType !== "Communication" || !Array.isArray(c.payload)) return entry;
    let changed = false;
    const payload = c.payload.map((p) => {
      const extensions = p.extension ?? [];
      const id = extensions.find((e) => e.url === ExtensionUrl.segmentIdentifier)?.valueIdentifier?.value;
      if (!added.has(id)) return p;
      changed = true;
      return { ...p, extension: extensions.filter((e) => e.url !== ExtensionUrl.segmentDateTime) };
    });
    return changed ? { ...entry, resource: { ...c, payload } } : entry;
  });
}

/**
 * The Bundle with every Communication's attachment data replaced by its digest, sharing everything else with the
 * original (the caller clones the result: the large strings are never copied, and the original is not changed).
 */
function withDataDigests(bundle: Bundle, detached: DetachedAttachments): Bundle {
  if (!Array.isArray(bundle.entry)) return bundle;
  const entry = bundle.entry.map((e): BundleEntry => {
    const c = e.resource as Communication | undefined;
    if (c?.resourceType !== "Communication" || !Array.isArray(c.payload)) return e;
    const payload = c.payload.map((p) => {
      const a = p.contentAttachment;
      return a && typeof a.data === "string"
        ? { ...p, contentAttachment: { ...a, data: dataDigest(a.data, detached, isCompactBase64(a, a.data)) } }
        : p;
    });
    return { ...e, resource: { ...c, payload } };
  });
  return { ...bundle, entry };
}

/** Decode this many base64 characters at a time (a multiple of 4): 768 KiB of bytes. */
const DIGEST_SLICE = 1 << 20;
/** Base64 white space (FHIR allows it between characters); JavaScript's `\s` covers it, one character class. */
const WHITE_SPACE = /\s/;

/**
 * `sha256:<hex>` of the bytes the data stands for: a detached attachment's by its facts, inline base64 decoded a
 * slice at a time (a 100 MB attachment is never decoded whole). Folded base64 is unfolded first, as FHIR ignores the
 * white space. A token that is not this request's own stands for nothing and is kept as written (the validator has
 * refused it). `compact`: the data is proved to hold no white space (proven-base64.ts): not searched for it again.
 */
function dataDigest(data: string, detached: DetachedAttachments, compact: boolean): string {
  const facts = detached.get(data);
  if (facts !== undefined) return `sha256:${facts.sha256}`;
  if (data.startsWith(DETACHED_PREFIX)) return data;
  const text = !compact && WHITE_SPACE.test(data) ? data.replace(/\s+/g, "") : data;
  const hash = createHash("sha256");
  for (let at = 0; at < text.length; at += DIGEST_SLICE)
    hash.update(Buffer.from(text.slice(at, at + DIGEST_SLICE), "base64"));
  return `sha256:${hash.digest("hex")}`;
}
