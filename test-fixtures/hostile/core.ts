/* eslint-disable @typescript-eslint/no-unsafe-member-access --
 * The attacks below edit a typed Bundle as the untyped JSON an attacker sends. */
// Hostile raw Bundles against the one reference resolver (issue 11, points 1 and 2): duplicate Organization ids,
// swapped or re-based fullUrls, relative against absolute references, urn:uuid — each made so that a reader who
// resolves references the FHIR way (by fullUrl) reads another sender or receiver than a reader matching "Type/id"
// does. A correct gateway either refuses the Bundle or records exactly what a FHIR receiver reads.
import type { Bundle, BundleEntry, Organization } from "../../src/medcom/model/index.js";
import { build, composeFixture, sequentialIds } from "../../tests/support/build.js";
import type { HostileCase } from "./cases.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the note at the top of this file
type Json = Record<string, any>;

export interface PartyAttack {
  name: string;
  /** Edits a valid PPR → GP letter; `foreign` is a third location's Organization (BUP), not bundled yet. */
  mutate(bundle: Bundle, foreign: Organization): void;
  /** A correct gateway may accept it (it is valid FHIR and every reader reads the same parties). */
  acceptable?: boolean;
}

const ELSEWHERE = "https://elsewhere.example/fhir/";
const BUP_GLN = "5790001382445";
const BUP_SOR = "359001000016000";

const header = (b: Bundle): Json => b.entry?.[0]?.resource as Json;
const entryOf = (b: Bundle, reference: string): BundleEntry => {
  const found = (b.entry ?? []).find((e) => `${e.resource?.resourceType}/${e.resource?.id}` === reference);
  if (!found) throw new Error(`no ${reference} in the letter`);
  return found;
};
const senderEntry = (b: Bundle) => entryOf(b, header(b).sender.reference as string);
const receiverEntry = (b: Bundle) => entryOf(b, header(b).destination[0].receiver.reference as string);
const baseOf = (fullUrl: string | undefined) => {
  const url = fullUrl ?? "";
  return url.slice(0, url.lastIndexOf("/", url.lastIndexOf("/") - 1) + 1);
};
const foreignCopy = (of: BundleEntry, foreign: Organization, fullUrl: string | undefined, id?: string): BundleEntry => ({
  ...(fullUrl === undefined ? {} : { fullUrl }),
  resource: { ...structuredClone(foreign), id: id ?? (of.resource?.id) },
});
/** Every reference `Type/id` to a bundled resource becomes `urn:uuid:id`. */
function toUrnReferences(value: unknown): void {
  if (Array.isArray(value)) value.forEach(toUrnReferences);
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value as Json)) {
      if (key === "reference" && typeof child === "string" && /^[A-Za-z]+\/[0-9a-f-]{36}$/.test(child))
        (value as Json)[key] = `urn:uuid:${child.slice(child.indexOf("/") + 1)}`;
      else if (key !== "text") toUrnReferences(child);
    }
  }
}
const urnFullUrls = (b: Bundle) => {
  for (const e of b.entry ?? []) e.fullUrl = `urn:uuid:${e.resource?.id ?? ""}`;
};

export const partyAttacks: PartyAttack[] = [
  {
    name: "duplicate Organization id: a foreign copy under the same id and fullUrl, first",
    mutate: (b, foreign) => {
      const s = senderEntry(b);
      b.entry?.splice(1, 0, foreignCopy(s, foreign, s.fullUrl));
    },
  },
  {
    name: "duplicate Organization id: the genuine sender re-based elsewhere, a foreign copy on the header's base",
    mutate: (b, foreign) => {
      const s = senderEntry(b);
      const fullUrl = s.fullUrl;
      s.fullUrl = `${ELSEWHERE}Organization/${s.resource?.id ?? ""}`;
      b.entry?.push(foreignCopy(s, foreign, fullUrl));
    },
  },
  {
    name: "duplicate fullUrl: a foreign Organization with its own id under the sender's fullUrl",
    mutate: (b, foreign) => {
      const s = senderEntry(b);
      b.entry?.push(foreignCopy(s, foreign, s.fullUrl, "00000000-0000-4000-8000-0000000000ff"));
    },
  },
  {
    name: "swapped fullUrls of sender and receiver",
    mutate: (b) => {
      const s = senderEntry(b);
      const r = receiverEntry(b);
      [s.fullUrl, r.fullUrl] = [r.fullUrl, s.fullUrl];
    },
  },
  {
    name: "the sender's fullUrl on another base (a relative reference no longer reaches it)",
    mutate: (b) => {
      const s = senderEntry(b);
      s.fullUrl = `${ELSEWHERE}Organization/${s.resource?.id ?? ""}`;
    },
  },
  {
    name: "the header on another base, with a foreign Organization of the sender's id there",
    mutate: (b, foreign) => {
      const h = b.entry?.[0] as BundleEntry;
      const s = senderEntry(b);
      h.fullUrl = `${ELSEWHERE}MessageHeader/${h.resource?.id ?? ""}`;
      b.entry?.push(foreignCopy(s, foreign, `${ELSEWHERE}Organization/${s.resource?.id ?? ""}`));
    },
  },
  {
    name: "absolute sender reference on another base ending in the genuine sender's Type/id",
    mutate: (b) => {
      header(b).sender.reference = `${ELSEWHERE}${header(b).sender.reference as string}`;
    },
  },
  {
    name: "absolute sender reference to a foreign Organization, the genuine one left in place",
    mutate: (b, foreign) => {
      const s = senderEntry(b);
      const id = "00000000-0000-4000-8000-0000000000fe";
      const fullUrl = `${baseOf(s.fullUrl)}Organization/${id}`;
      b.entry?.push(foreignCopy(s, foreign, fullUrl, id));
      header(b).sender.reference = fullUrl;
    },
  },
  {
    name: "urn:uuid fullUrls and urn:uuid references throughout (valid FHIR)",
    acceptable: true,
    mutate: (b) => {
      urnFullUrls(b);
      toUrnReferences(b.entry);
    },
  },
  {
    name: "urn:uuid fullUrls with relative references (no defined meaning in FHIR)",
    mutate: (b) => urnFullUrls(b),
  },
  {
    name: "urn:uuid fullUrls swapped between sender and receiver",
    mutate: (b) => {
      urnFullUrls(b);
      toUrnReferences(b.entry);
      const s = entryOf(b, `Organization/${(header(b).sender.reference as string).slice(9)}`);
      const r = entryOf(b, `Organization/${(header(b).destination[0].receiver.reference as string).slice(9)}`);
      [s.fullUrl, r.fullUrl] = [r.fullUrl, s.fullUrl];
    },
  },
  {
    name: "version-specific sender reference",
    mutate: (b) => {
      header(b).sender.reference = `${header(b).sender.reference as string}/_history/1`;
    },
  },
  {
    name: "sender reference to the Patient",
    mutate: (b) => {
      const patient = (b.entry ?? []).find((e) => e.resource?.resourceType === "Patient");
      header(b).sender.reference = `Patient/${patient?.resource?.id ?? ""}`;
    },
  },
  {
    name: "version-specific fullUrl on the sender",
    mutate: (b) => {
      const s = senderEntry(b);
      s.fullUrl = `${s.fullUrl ?? ""}/_history/1`;
    },
  },
  {
    name: "no fullUrl on the sender",
    mutate: (b) => {
      delete senderEntry(b).fullUrl;
    },
  },
];

/** Resource ids that break FHIR's id rule (a path, a Redis key separator, a header break, 65 characters). */
export const hostileResourceIds: string[] = [
  "a/../../../../data/keys/keyring",
  "abc:def",
  "a\r\nX-Injected: 1",
  "x".repeat(65),
  "",
  "ÆØÅ",
];

/** BUP as an Organization, the foreign party of the attacks. */
export function foreignOrganization(): Organization {
  return {
    resourceType: "Organization",
    id: "placeholder",
    identifier: [
      { use: "official", system: "https://www.gs1.org/gln", value: BUP_GLN },
      { use: "official", system: "urn:oid:1.2.208.176.1.1", value: BUP_SOR },
    ],
    name: "Børne- og Ungdomspsykiatrisk Center",
  };
}

/** A PPR → GP letter with fresh ids (distinct per `n`) and one attack applied. */
export function attackedLetter(attack: PartyAttack, n: number): Bundle {
  const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(0x10000 * (n + 1)));
  attack.mutate(bundle, foreignOrganization());
  return bundle;
}

/** The attacks a correct gateway must refuse, as raw Bundles PPR posts (for the HTTP hostile corpus). */
export function coreHostileCases(): HostileCase[] {
  const refused = partyAttacks.filter((a) => !a.acceptable);
  const attacks = refused.map((attack, n) => ({ name: attack.name, bundle: attackedLetter(attack, n) }));
  const ids = hostileResourceIds.map((id, n) => {
    const bundle = attackedLetter({ name: "", mutate: () => undefined }, 100 + n);
    const patient = (bundle.entry ?? []).find((e) => e.resource?.resourceType === "Patient");
    if (patient?.resource) patient.resource.id = id;
    return { name: `resource id ${JSON.stringify(id.slice(0, 20))}`, bundle };
  });
  return [...attacks, ...ids].map(({ name, bundle }) => ({
    name: `raw Bundle: ${name}`,
    method: "POST",
    path: "/v1/messages",
    as: "ppr",
    contentType: "application/fhir+json",
    body: JSON.stringify(bundle),
  }));
}
