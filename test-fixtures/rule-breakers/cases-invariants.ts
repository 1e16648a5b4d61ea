/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
 * The mutations below deliberately break typed messages, so they edit the JSON untyped (as cases.ts does). */
// Issue 13, class 2: for every (profile, invariant) pair that applies to the builder's valid messages, a message
// that breaks it at one element of a resource judged by that profile. Made from the invariant table
// (schemas/invariants.json) itself: the breaker for a key knows how to make that constraint false on any node it
// sits on, and the case says the element's path. MedCom's message-wide invariants are broken by the hand-written
// cases in cases.ts (attributed to the profile that declares them by the test) plus the ones added below.
import { childTypeKey, resolveElement, typeInfo, type TypeInfo } from "../../src/medcom/fhir/elements.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { ValidationContext } from "../../src/medcom/validate/context.js";
import { appliedProfiles, messageTypeOf } from "../../src/medcom/validate/index.js";
import { INVARIANTS, kindOf } from "../../src/medcom/validate/invariants/index.js";
import { readExampleBundle } from "../../tests/support/messages.js";
import { fhirExampleNames } from "../../tests/support/shared.js";
import { base, type BaseName } from "./cases.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the note at the top of this file
type Json = Record<string, any>;

export const BASES: readonly BaseName[] = ["cc-new", "cc-full", "cc-referral", "cc-reply", "ack-ok", "ack-fatal"];

/** A valid message a case starts from: one the builder makes, or an official example (`example:<file>`). */
export type Source = BaseName | `example:${string}`;

/** Fresh copy of a source message. */
export function load(source: Source): Bundle {
  return source.startsWith("example:") ? readExampleBundle(source.slice(8)) : base(source as BaseName);
}

/**
 * The builder's messages, then the official examples that are valid (a profile only an example applies, e.g.
 * medcom-core-organization for an Organization the header does not name, is broken there).
 */
export function sources(): Source[] {
  const examples = fhirExampleNames()
    .filter((n) => !n.includes("invalid"))
    .map((n): Source => `example:${n}`);
  return [...BASES, ...examples];
}

export interface InvariantCase {
  name: string;
  profile: string;
  key: string;
  base: Source;
  severity: "error" | "warning";
  /** Breaks the invariant in `b`; returns the path of the element the issue must be at (or below). */
  mutate(b: Bundle): string;
}

/** Where each profile applies in a message: the resource's JSON and its FHIRPath location. */
export function profileTargets(b: Bundle): { url: string; r: Json; at: string }[] {
  const type = messageTypeOf(b);
  if (type === "unknown") return [];
  const ctx = new ValidationContext(b);
  return appliedProfiles(ctx, type).map((a) => ({ url: a.url, r: a.root.value as Json, at: a.root.path }));
}

/**
 * The node at an element path of a resource (`Communication.identifier.period`), created where missing, first item
 * of repeating elements; returns the node and its FHIRPath location from `at`.
 */
function place(r: Json, elementPath: string, at: string): { node: Json; path: string } {
  let info: TypeInfo | undefined = typeInfo(String(r.resourceType));
  let node = r;
  let path = at;
  for (const step of elementPath.split(".").slice(1)) {
    const resolved = info ? resolveElement(info, step) : undefined;
    if (!info || !resolved) throw new Error(`cannot place ${elementPath}: no element ${step}`);
    if (resolved.element.repeats) {
      if (!Array.isArray(node[step]) || node[step].length === 0) node[step] = [{}];
      node = node[step][0];
      path = `${path}.${step}[0]`;
    } else {
      if (node[step] === undefined || typeof node[step] !== "object") node[step] = {};
      node = node[step];
      path = `${path}.${step}`;
    }
    info = typeInfo(childTypeKey(info, resolved.element, resolved.type));
  }
  return { node, path };
}

const XHTML = 'xmlns="http://www.w3.org/1999/xhtml"';
const contained = (extra: Json = {}) => [{ resourceType: "Basic", id: "inv1", code: { text: "x" }, ...extra }];

/** How to break each node-level invariant on a node it sits on. */
const BREAK_NODE: Record<string, (node: Json, b: Bundle) => void> = {
  "dom-2": (n) => (n.contained = contained({ contained: contained() })),
  "dom-3": (n) => (n.contained = contained()),
  "dom-4": (n) => (n.contained = contained({ meta: { versionId: "1" } })),
  "dom-5": (n) => (n.contained = contained({ meta: { security: [{ code: "R" }] } })),
  "dom-6": (n) => (n.text = { status: "generated" }),
  "bdl-1": (n) => (n.total = 1),
  "bdl-2": (n) => (n.entry[1].search = { mode: "match" }),
  "bdl-3": (n) => (n.entry[1].request = { method: "POST", url: "Patient" }),
  "bdl-4": (n) => (n.entry[1].response = { status: "201" }),
  "bdl-9": (n) => {
    n.type = "document";
    delete n.identifier;
  },
  "bdl-10": (n) => {
    n.type = "document";
    delete n.timestamp;
  },
  "bdl-11": (n) => (n.type = "document"),
  "att-1": (n) => {
    n.data = "aGk=";
    delete n.contentType;
  },
  "per-1": (n) => {
    n.start = "2024-02-01";
    n.end = "2024-01-01";
  },
  "ref-1": (n) => (n.reference = "#nowhere"),
  "cpt-2": (n) => {
    n.value = "12345678";
    delete n.system;
  },
  "qty-3": (n) => {
    n.value = 5;
    n.code = "min";
    delete n.system;
  },
  "drt-1": (n) => {
    n.value = 5;
    n.code = "min";
    n.system = "http://example.org/units";
  },
  "org-1": (n) => {
    delete n.identifier;
    delete n.name;
  },
  "org-2": (n) => {
    n.use = "home";
    n.city ??= "Odense";
  },
  "org-3": (n) => {
    n.use = "home";
    n.system ??= "phone";
    n.value ??= "12345678";
  },
  "pat-1": (n) => {
    for (const k of Object.keys(n)) delete n[k];
    n.gender = "female";
  },
  "ctm-1": (n, b) => {
    // member resolves to an Organization (not a Practitioner) while onBehalfOf is set.
    const org = (b.entry ?? []).find((e) => e.resource?.resourceType === "Organization");
    n.member = { reference: org?.fullUrl };
    n.onBehalfOf = { reference: org?.fullUrl };
  },
};

/** Breakers that act on the resource (or Bundle) holding the element; `at` is where the issue is expected. */
const BREAK_ROOT: Record<string, (r: Json, at: string, b: Bundle) => string> = {
  "ele-1": (r, at) => {
    r.meta = { ...(r.meta ?? {}), tag: [{}] };
    return `${at}.meta.tag[0]`;
  },
  "ext-1": (r, at) => {
    r.meta = { ...(r.meta ?? {}), extension: [{ url: "http://example.org/neither-value-nor-extension" }] };
    return `${at}.meta.extension[0]`;
  },
  "txt-1": (r, at) => {
    r.text = { status: "generated", div: `<div ${XHTML}><script>alert(1)</script>x</div>` };
    return `${at}.text.div`;
  },
  "txt-2": (r, at) => {
    r.text = { status: "generated", div: `<div ${XHTML}></div>` };
    return `${at}.text.div`;
  },
  "bdl-7": (_r, _at, b) => {
    const entries = b.entry ?? [];
    if (entries[2] && entries[1]) entries[2].fullUrl = entries[1].fullUrl;
    return "Bundle.entry[2].fullUrl";
  },
  "bdl-8": (_r, _at, b) => {
    const entry = (b.entry ?? [])[1];
    if (entry) entry.fullUrl = `${entry.fullUrl ?? ""}/_history/1`;
    return "Bundle.entry[1].fullUrl";
  },
  "bdl-5": (_r, _at, b) => {
    // An entry with neither resource, request nor response.
    b.entry = [...(b.entry ?? []), { fullUrl: "urn:uuid:5f0c7a62-3d7e-4a59-9e5e-0d6f1c1b2a33" }];
    return `Bundle.entry[${b.entry.length - 1}]`;
  },
  "dk-core-organization-mandatory-identifier": (r, at) => {
    // Only a GLN left: no SOR, KOMBIT or CVR-type identifier.
    r.identifier = [{ system: "urn:oid:1.3.88", value: "5790000209354" }];
    return `${at}.identifier`;
  },
  "bdl-12": (_r, _at, b) => {
    b.entry?.reverse();
    return "Bundle.entry[0].resource";
  },
};

const steps = (p: string) => p.split(".").length;

/** One case per (profile, invariant) pair of node, generic or reusable kind that applies to a base message. */
export function invariantCases(): InvariantCase[] {
  const cases: InvariantCase[] = [];
  const seen = new Set<string>();
  for (const baseName of sources()) {
    for (const target of profileTargets(load(baseName))) {
      const profile = INVARIANTS[target.url];
      if (!profile) continue;
      /** This target in the copy of the base message a case mutates. */
      const sameTarget = (b: Bundle) => {
        const t = profileTargets(b).find((x) => x.url === target.url && x.at === target.at);
        if (!t) throw new Error(`no ${target.url} at ${target.at}`);
        return t;
      };
      for (const inv of Object.values(profile.invariants)) {
        const pair = `${target.url}|${inv.key}`;
        if (seen.has(pair)) continue;
        const severity = inv.severity === "error" ? "error" : "warning";
        const name = `${target.url.slice(target.url.lastIndexOf("/") + 1)} ${inv.key} (${baseName})`;
        const add = (mutate: InvariantCase["mutate"]) => {
          seen.add(pair);
          cases.push({ name, profile: target.url, key: inv.key, base: baseName, severity, mutate });
        };
        const nodeBreaker = BREAK_NODE[inv.key];
        const rootBreaker = BREAK_ROOT[inv.key];
        if (kindOf(inv.key) === "node" && nodeBreaker) {
          const element = [...inv.elements].sort((a, b) => steps(a) - steps(b))[0] ?? "";
          add((b) => {
            const t = sameTarget(b);
            const { node, path } = place(t.r, element, t.at);
            nodeBreaker(node, b);
            return path;
          });
        } else if (rootBreaker) {
          add((b) => {
            const t = sameTarget(b);
            return rootBreaker(t.r, t.at, b);
          });
        }
      }
    }
  }
  return cases;
}

/** MedCom's message-wide invariants where cases.ts has no case for the profile (per-profile, issue 13). */
export const messageWideCases: InvariantCase[] = [
  {
    name: "medcom-messaging-acknowledgement medcom-messaging-2 (an Acknowledgement without Provenance)",
    profile: "http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgement",
    key: "medcom-messaging-2",
    base: "ack-ok",
    severity: "error",
    mutate: (b) => {
      b.entry = (b.entry ?? []).filter((e) => e.resource?.resourceType !== "Provenance");
      return "Bundle";
    },
  },
];

/**
 * More shapes for the second opinion (tests/unit/validate/invariants-fhirpath.test.ts): primitives given only by
 * their `_name` children, extensions with both or neither, periods across time zones, contained resources that are
 * and are not referenced. Some break an invariant, some must stay clean; fhirpath.js decides which.
 */
export const shapeMutations: { name: string; base: BaseName; mutate(b: Bundle): void }[] = [
  {
    name: "a primitive given only by an id (`_family`)",
    base: "cc-new",
    mutate: (b) => {
      const p = (b.entry ?? []).find((e) => e.resource?.resourceType === "Patient")?.resource as Json;
      delete p.name[0].family;
      p.name[0]._family = { id: "f1" };
    },
  },
  {
    name: "a repeating primitive with an extension in place of one value",
    base: "cc-new",
    mutate: (b) => {
      const p = (b.entry ?? []).find((e) => e.resource?.resourceType === "Patient")?.resource as Json;
      p.name[0].given = ["Bruno", null];
      p.name[0]._given = [null, { extension: [{ url: "http://example.org/x", valueString: "x" }] }];
    },
  },
  {
    name: "an empty object in a repeating element and an empty primitive slot",
    base: "cc-full",
    mutate: (b) => {
      const p = (b.entry ?? []).find((e) => e.resource?.resourceType === "Patient")?.resource as Json;
      p.identifier = [...(p.identifier as unknown[]), {}];
      p.name[0].given = ["Bruno", null];
    },
  },
  {
    name: "an extension with both a value and extensions, a modifierExtension with neither",
    base: "cc-reply",
    mutate: (b) => {
      const c = (b.entry ?? []).find((e) => e.resource?.resourceType === "Communication")?.resource as Json;
      c.extension = [
        ...(c.extension ?? []),
        { url: "http://example.org/both", valueString: "x", extension: [{ url: "a", valueBoolean: true }] },
      ];
      c.modifierExtension = [{ url: "http://example.org/neither" }];
    },
  },
  {
    name: "periods across time zones, one inverted and one in order",
    base: "cc-referral",
    mutate: (b) => {
      const e = (b.entry ?? []).find((x) => x.resource?.resourceType === "Encounter")?.resource as Json;
      e.period = { start: "2024-01-02T10:00:00+01:00", end: "2024-01-02T08:30:00Z" };
      e.statusHistory = [
        { status: "finished", period: { start: "2024-01-02T10:00:00+02:00", end: "2024-01-02T08:30:00Z" } },
      ];
    },
  },
  {
    name: "a contained resource referenced by #id and a contained reference that resolves",
    base: "cc-new",
    mutate: (b) => {
      const c = (b.entry ?? []).find((e) => e.resource?.resourceType === "Communication")?.resource as Json;
      c.contained = [{ resourceType: "Basic", id: "c1", code: { text: "x" } }];
      c.about = [{ reference: "#c1" }];
    },
  },
  {
    name: "a home address and a home telephone on an organisation (org-2, org-3)",
    base: "ack-fatal",
    mutate: (b) => {
      const o = (b.entry ?? []).find((e) => e.resource?.resourceType === "Organization")?.resource as Json;
      o.address = [
        { use: "home", city: "Odense" },
        { use: "work", city: "Vejle" },
      ];
      o.telecom = [{ system: "phone", value: "12345678", use: "home" }];
    },
  },
];
