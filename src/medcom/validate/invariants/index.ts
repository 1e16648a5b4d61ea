// Issue 13, class 2: every invariant of every profile, checked wherever that profile applies. The table
// schemas/invariants.json (scripts/derive/invariants.ts) says, per (profile url, invariant key), on which elements an
// invariant sits; each key has one implementation, registered here by kind:
// - node: a small check run on every instance node of each element that declares it (node-checks.ts);
// - message: MedCom's invariants on the Bundle or Communication that look across the message (resolve() etc.), run
//   once per message when an applied profile declares them (carecommunication-invariants.ts,
//   acknowledgement-checks.ts);
// - generic: ele-1 and ext-1, one linear pass over the whole message (generic.ts);
// - elsewhere: already checked under the same key by an existing check (reused, not duplicated).
// Tries of the element paths are built once per profile at module load; a message costs one walk per resource
// along the paths that exist in it.
import table from "../../../../schemas/invariants.json" with { type: "json" };
import type { Entry, ValidationContext } from "../context.js";
import { ACKNOWLEDGEMENT_INVARIANTS } from "../acknowledgement-checks.js";
import { CARE_COMMUNICATION_INVARIANTS, type InvariantCheck } from "../carecommunication-invariants.js";
import { children, type Located } from "../walk.js";
import { checkGenericInvariants } from "./generic.js";
import { NODE_CHECKS, isObject, type JsonObject, type NodeCheck } from "./node-checks.js";

/** One row of schemas/invariants.json, declared once: scripts/derive/invariants.ts writes it, this module reads it. */
export interface InvariantDefinition {
  key: string;
  severity: string;
  human: string;
  expression: string;
  /** Where the constraint is defined (a MedCom profile or an R4 base definition). */
  source: string;
  /** The elements it sits on, as FHIR JSON paths from the profile's type (`[x]` where the snapshot leaves it open). */
  elements: string[];
  /** ele-1 / ext-1: applies to every element / every extension of the instance (one generic pass). */
  everyElement?: true;
}

export interface ProfileInvariants {
  type: string;
  package: string;
  invariants: Record<string, InvariantDefinition>;
}

export const INVARIANTS: Readonly<Record<string, ProfileInvariants>> = (
  table as unknown as { profiles: Record<string, ProfileInvariants> }
).profiles;

/** MedCom's message-wide invariants, by key (each runs once per message). */
const MESSAGE_CHECKS: Readonly<Record<string, InvariantCheck>> = {
  ...CARE_COMMUNICATION_INVARIANTS,
  ...ACKNOWLEDGEMENT_INVARIANTS,
};

/** Invariants checked under their own key by an existing check: where. */
const CHECKED_ELSEWHERE: Readonly<Record<string, string>> = {
  "bdl-7": "bundle-entry-checks.ts (duplicate fullUrl)",
  "bdl-8": "bundle-entry-checks.ts (version-specific fullUrl)",
  "bdl-12": "common-checks.ts checkBundleBasics (MessageHeader first)",
  "txt-1": "narrative-checks.ts (XHTML allow-list)",
  "txt-2": "narrative-checks.ts (non-empty narrative)",
  "dk-core-organization-mandatory-identifier": "identifier-checks.ts checkOrganizationIdentifiers",
  "marital-status-unknown-usage": "identifier-checks.ts checkMaritalStatus",
  // The data-type and extension profiles' own invariants (class 4 applies those profiles).
  "medcom-core-contact": "identifier-checks.ts (author contact extension)",
  "medcom-carecommunication-authorcontact": "identifier-checks.ts (author contact extension)",
  uuidv5: "identifier-checks.ts (LPR3 episode-of-care identifier)",
};

const GENERIC_INVARIANTS: ReadonlySet<string> = new Set(["ele-1", "ext-1"]);

export type InvariantKind = "node" | "message" | "generic" | "elsewhere";

export function kindOf(key: string): InvariantKind | undefined {
  if (GENERIC_INVARIANTS.has(key)) return "generic";
  if (NODE_CHECKS[key]) return "node";
  if (MESSAGE_CHECKS[key]) return "message";
  if (CHECKED_ELSEWHERE[key]) return "elsewhere";
  return undefined;
}

interface Trie {
  checks: { key: string; severity: "error" | "warning"; message: string; check: NodeCheck }[];
  next: Map<string, Trie>;
}

interface Compiled {
  trie: Trie;
  message: string[];
}

const sentence = (human: string, key: string) => `${human.endsWith(".") ? human.slice(0, -1) : human} (${key}).`;

function compile(profile: ProfileInvariants): Compiled {
  const trie: Trie = { checks: [], next: new Map() };
  const message: string[] = [];
  for (const inv of Object.values(profile.invariants)) {
    const check = NODE_CHECKS[inv.key];
    if (MESSAGE_CHECKS[inv.key]) message.push(inv.key);
    if (!check) continue;
    for (const path of inv.elements) {
      let node = trie;
      for (const step of path.split(".").slice(1)) {
        let child = node.next.get(step);
        if (!child) node.next.set(step, (child = { checks: [], next: new Map() }));
        node = child;
      }
      const severity = inv.severity === "error" ? "error" : "warning";
      node.checks.push({ key: inv.key, severity, message: sentence(inv.human, inv.key), check });
    }
  }
  return { trie, message };
}

const COMPILED = new Map<string, Compiled>(Object.entries(INVARIANTS).map(([url, p]) => [url, compile(p)]));

/** A profile applied to a resource of the message (or to the Bundle itself, entry undefined). */
export interface AppliedProfile {
  url: string;
  root: Located;
  entry: Entry | undefined;
}

export function checkInvariants(ctx: ValidationContext, applied: readonly AppliedProfile[]): void {
  checkGenericInvariants(ctx);
  const messageKeys = new Set<string>();
  for (const a of applied) {
    const compiled = COMPILED.get(a.url);
    if (!compiled) continue;
    for (const key of compiled.message) messageKeys.add(key);
    const resource = (a.entry?.resource ?? ctx.bundle) as unknown as JsonObject;
    visit(compiled.trie, a.root, { ctx, entry: a.entry, resource });
  }
  for (const key of messageKeys) MESSAGE_CHECKS[key]?.(ctx);
}

function visit(trie: Trie, node: Located, env: Parameters<NodeCheck>[1]): void {
  if (isObject(node.value)) {
    for (const c of trie.checks) {
      if (!c.check(node.value, env)) env.ctx.add(c.severity, "invariant", node.path, c.message, c.key);
    }
  }
  for (const [step, next] of trie.next) for (const child of children([node], step)) visit(next, child, env);
}
