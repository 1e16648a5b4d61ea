// Recipe m2 is stable (issue 17, point 3): fingerprints are stored with each record and compared across restarts and
// releases, so the one-walk writer must give exactly the hash of the recipe as first written — a structured clone of
// the message, stamps removed, then JSON.stringify of a copy with sorted keys, narratives left out and own ids named.
// That first writing is kept here as the reference, and both are run on every MedCom example, composed letters, and
// the same messages with odd members (integer-like keys, `__proto__`, nested narratives, null, unicode).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Bundle, Communication, Provenance } from "../../../src/medcom/model/index.js";
import { messageFingerprint } from "../../../src/medcom/readers/fingerprint.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import { bundleReferences } from "../../../src/medcom/references/bundle-references.js";
import { ownProvenance } from "../../../src/medcom/references/own-provenance.js";
import { ExtensionUrl } from "../../../src/medcom/systems.js";
import { build, composeFixture } from "../../support/build.js";
import { officialAndComposedMessages, withFirstResourceChanged } from "../../support/equivalence-messages.js";

/** Recipe m2 as first written: attachment data as the SHA-256 of its bytes (no detached tokens here), then the rest. */
function referenceFingerprint(bundle: Bundle): string {
  const described = describeMessage(bundle);
  if (described.kind === "acknowledgement") {
    const { answers, sender, receiver, response } = described;
    return hash({ answers, from: sender.gln, to: receiver.gln, response });
  }
  const copy = structuredClone(bundle);
  for (const entry of copy.entry ?? []) {
    if (entry.resource?.resourceType !== "Communication") continue;
    for (const payload of (entry.resource as Communication).payload ?? []) {
      const a = payload.contentAttachment;
      if (a && typeof a.data === "string")
        a.data = `sha256:${createHash("sha256")
          .update(Buffer.from(a.data.replace(/\s+/g, ""), "base64"))
          .digest("hex")}`;
    }
  }
  delete copy.id;
  delete copy.timestamp;
  const refs = bundleReferences(copy);
  const own = refs.header === undefined ? undefined : ownProvenance(refs, refs.header);
  if (own !== undefined) {
    delete own.occurredDateTime;
    own.recorded = "";
    const added = new Set(own.entity?.filter((e) => e.role === "source").map((e) => e.what.identifier?.value));
    for (const entry of copy.entry ?? []) {
      if (entry.resource?.resourceType !== "Communication") continue;
      for (const payload of (entry.resource as Communication).payload ?? []) {
        const extensions = payload.extension ?? [];
        const id = extensions.find((e) => e.url === ExtensionUrl.segmentIdentifier)?.valueIdentifier?.value;
        if (added.has(id)) payload.extension = extensions.filter((e) => e.url !== ExtensionUrl.segmentDateTime);
      }
    }
  }
  const names = new Map<string, string>();
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, `#${names.size}`);
    return names.get(id) as string;
  };
  for (const entry of copy.entry ?? []) if (entry.resource?.id !== undefined) name(entry.resource.id);
  const named = (value: string): string => {
    if (names.has(value)) return name(value);
    if (value.startsWith("urn:uuid:")) return `urn:uuid:${name(value.slice(9))}`;
    const slash = value.lastIndexOf("/");
    const tail = value.slice(slash + 1);
    return slash >= 0 && names.has(tail) ? value.slice(0, slash + 1) + name(tail) : value;
  };
  const canonical = (value: unknown): unknown => {
    if (typeof value === "string") return named(value);
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || (key === "text" && typeof v === "object" && v !== null && "div" in v)) continue;
      out[key] = canonical(v);
    }
    return out;
  };
  return hash(canonical(copy));
}

const hash = (value: unknown) => `m2.${createHash("sha256").update(JSON.stringify(value), "utf8").digest("base64url")}`;

const ODD =
  '{"10": "a", "2": {"__proto__": {"x": "urn:uuid:abc"}, "y": "urn:uuid:abc"}, "b": [null, 1.5, true, "urn:uuid:zz", {"text": {"div": "x"}}], "text": "plain", "é": "\\u2028\\"\\\\"}';
/** Strings JSON escapes and strings that only look like ids, in an object without integer-like keys (written in one
 *  walk, not through the copy). */
const ODD_STRINGS =
  '{"esc": ["\\u0001\\t\\n", "\\ud800 lone", "\\udc00", "😀", "\\u007f", "x/urn:uuid:abc", "urn:uuid:", "a\\\\b\\"c"]}';

/** The message with odd members in its first resource after the header. */
function withOddMembers(bundle: Bundle): Bundle {
  return withFirstResourceChanged(bundle, (resource) => {
    resource.odd = JSON.parse(ODD) as unknown;
    resource.oddStrings = JSON.parse(ODD_STRINGS) as unknown;
  });
}

describe("fingerprint recipe m2", () => {
  const all = officialAndComposedMessages();

  it("reads enough messages to mean something", () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  it.each(all)("%s: the same hash as the recipe as first written", (_, bundle) => {
    expect(messageFingerprint(bundle)).toBe(referenceFingerprint(bundle));
    const odd = withOddMembers(bundle);
    expect(messageFingerprint(odd)).toBe(referenceFingerprint(odd));
    // An acknowledgement's fingerprint is its answer alone.
    if (describeMessage(bundle).kind !== "acknowledgement")
      expect(messageFingerprint(odd)).not.toBe(messageFingerprint(bundle));
  });

  it("the own Provenance's times and the new segments' times do not count; other changes do", () => {
    const bundle = build(composeFixture("new-ppr-to-gp.json"));
    const restamped = JSON.parse(JSON.stringify(bundle)) as Bundle;
    for (const entry of restamped.entry ?? [])
      if (entry.resource?.resourceType === "Provenance")
        (entry.resource as Provenance).recorded = "2030-01-01T00:00:00Z";
    expect(messageFingerprint(restamped)).toBe(messageFingerprint(bundle));
    const reworded = JSON.parse(JSON.stringify(bundle).replace("skolevægring", "skolefravær")) as Bundle;
    expect(messageFingerprint(reworded)).not.toBe(messageFingerprint(bundle));
  });
});
