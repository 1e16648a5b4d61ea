// Issue 13, class 2, second opinion: HL7's FHIRPath engine for JavaScript (fhirpath.js, R4 model) evaluates the
// PUBLISHED expression of every (profile, invariant) on every element it sits on, over the official examples, the
// builder's valid messages and every mutation of the rule-breaker suites; our hand-written verdict must equal it.
// - node invariants: per element node (fhirpath false ⇔ our issue with rule = key at that node, same severity);
// - MedCom's message-wide invariants: per message (fhirpath false somewhere ⇔ we report the key somewhere);
// - ele-1 / ext-1: the number of violating elements in the whole message, counted by fhirpath over descendants().
// A constraint is violated when it evaluates to false (an empty result is not a violation).
// Expressions fhirpath.js cannot evaluate here, or that MedCom publishes wrongly, are listed in NOT_EVALUATED with the
// reason and what our check does instead; any other expression that throws fails this test.
import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4";
import { describe, expect, test } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { INVARIANTS, kindOf } from "../../../src/medcom/validate/invariants/index.js";
import { select } from "../../../src/medcom/validate/walk.js";
import { base, ruleBreakers } from "../../../test-fixtures/rule-breakers/cases.js";
import {
  BASES,
  invariantCases,
  load,
  messageWideCases,
  profileTargets,
  shapeMutations,
} from "../../../test-fixtures/rule-breakers/cases-invariants.js";
import { readExampleBundle } from "../../support/messages.js";
import { fhirExampleNames } from "../../support/shared.js";

/** Published expressions not evaluated by fhirpath.js here: why, and what the validator does instead. */
export const NOT_EVALUATED: Readonly<Record<string, string>> = {
  "txt-1":
    "htmlChecks() is not implemented by fhirpath.js; narrative-checks.ts applies FHIR's XHTML allow-list (narrative.html §2.4) to the parsed div.",
  "txt-2": "htmlChecks() is not implemented by fhirpath.js; narrative-checks.ts requires some text in the parsed div.",
  "medcom-acknowledgement-2":
    "conformsTo() is not implemented; checked as the profile implies: the header's event is acknowledgement-message and it has a response (schemas/README.md).",
  "medcom-messaging-3":
    "conformsTo() is not implemented; checked as the profile implies: every Provenance has target, recorded, activity and agent.who (schemas/README.md).",
  "medcom-messaging-1":
    "as published, entry.ofType(MessageHeader) is always empty (entry is a BackboneElement), so it can never fail; checked as intended: the first entry is a MessageHeader (schemas/README.md).",
  "medcom-careCommunication-15":
    "as published, iif(encounter.exists(), encounter.reference.exists(), …) cannot catch a missing Encounter; checked as 5.0.4 intends: an Encounter in the bundle ⇔ Communication.encounter references it (schemas/README.md).",
  "medcom-carecommunication-definition-url":
    "the 5.0.2 regex has an unescaped '|' and accepts almost anything; checked as 5.0.3 fixed it (schemas/README.md).",
};

/**
 * Published expressions evaluated in a corrected form, with why. dom-3 applies `as(canonical)` to all of a resource's
 * descendants at once; FHIRPath R4 makes `as` on more than one item an error (fhirpath.js follows it), so
 * `descendants().as(x)` is evaluated as `descendants().ofType(x)`, which is what it means.
 */
const REWRITTEN: Readonly<Record<string, (expression: string) => string>> = {
  "dom-3": (e) => e.replaceAll(".as(", ".ofType("),
};

const published = (key: string, expression: string) => REWRITTEN[key]?.(expression) ?? expression;

/**
 * Invariants where the validator is stricter than the published expression on purpose: fhirpath failing implies we
 * report, not the converse.
 */
const STRICTER: Readonly<Record<string, string>> = {
  "medcom-careCommunication-1":
    "a MessageHeader without meta.profile, or not first, makes the published expression empty (no violation); the invariant's text requires the profile, so it is reported.",
  "medcom-careCommunication-11":
    "the published expression compares collections with '='; when the specific sender (a CareTeam) has no organization the branch is empty, so the whole 'or' is empty rather than false; the text requires one of its organisations to equal MessageHeader.sender.",
  "medcom-careCommunication-12": "as -11, for the recipient and MessageHeader.destination.receiver.",
  "marital-status-unknown-usage":
    "codes P and A given without a system are counted too (the required binding to v3-MaritalStatus makes it the only system they can have).",
};

/** A published expression and our check disagree on one message, on purpose, and why. */
const DISAGREES_ON: Readonly<Record<string, string>> = {
  "medcom-careCommunication-6|example test-R-Tek-M-invalid-category-without-code.json":
    "its category has no code: the published iif() then takes the 'other' branch and fails for want of a topic; the invariant's text asks for a topic only when the category IS other, and the example is already refused for the missing code (binding, cardinality). Its recorded judgement must not change (issue 13).",
  "medcom-careCommunication-8|rule-breaker segment without author":
    "with no authored segment left, the published expression is exists() of nothing, i.e. false; the text asks for a name only 'when using a Practitioner as author'. The missing author is refused as the slice's cardinality (rule slice).",
  "medcom-careCommunication-8|mutation medcom-careCommunication-message bdl-8 (cc-new)":
    "the Communication's fullUrl is made version-specific (bdl-8), so by FHIR's rules its relative references have no base and the author does not resolve; this test's simplified resolver still finds it.",
};

/** Where a key's issue may stand in for fhirpath's verdict: dom-6 when text is missing entirely (medcom-narrative). */
const SAME_FINDING: Readonly<Record<string, { rule: string; suffix: string }>> = {
  "dom-6": { rule: "medcom-narrative", suffix: ".text" },
};

type Json = Record<string, unknown>;

/**
 * fhirpath.js's resolve() asks a FHIR server; here it resolves inside the message being judged, written
 * independently of the validator's resolver: an absolute reference is an entry's fullUrl, a relative `Type/id` the
 * one entry whose fullUrl ends with it (bundle.html §Resolving references, simplified).
 */
let bundleInView: Bundle = { resourceType: "Bundle" } as Bundle;
interface Node {
  data?: unknown;
  constructor: { makeResNode(...args: unknown[]): unknown };
}
const userInvocationTable = {
  resolve: {
    internalStructures: true,
    arity: { 0: [] },
    fn(this: unknown, inputs: Node[]) {
      return inputs.flatMap((n) => {
        const data = n.data;
        const ref = typeof data === "string" ? data : (data as { reference?: unknown } | undefined)?.reference;
        if (typeof ref !== "string") return [];
        const entries = bundleInView.entry ?? [];
        const hits = ref.includes(":")
          ? entries.filter((e) => e.fullUrl === ref)
          : entries.filter((e) => e.fullUrl?.endsWith(`/${ref}`));
        const resource = hits.length === 1 ? hits[0]?.resource : undefined;
        if (!resource) return [];
        return [n.constructor.makeResNode(this, resource, null, resource.resourceType, null, resource.resourceType)];
      });
    },
  },
};

const compiled = new Map<string, (resource: unknown, env: Json) => unknown[]>();

function evaluate(node: unknown, basePath: string, expression: string, env: Json): unknown[] {
  const key = `${basePath}\u0000${expression}`;
  let fn = compiled.get(key);
  if (!fn) {
    const c = fhirpath.compile({ base: basePath, expression }, r4, {
      traceFn: () => undefined,
      userInvocationTable,
    } as never);
    fn = (resource, vars) => c(resource, vars) as unknown[];
    compiled.set(key, fn);
  }
  return fn(node, env);
}

/**
 * A constraint is violated when it evaluates to false; an empty result is not a violation (FHIRPath's three-valued
 * logic; ref-1 on every identifier-only Reference, as in the official examples, evaluates to empty).
 */
const isFalse = (result: unknown[]) => result.length === 1 && result[0] === false;

/** `Bundle.entry[2].resource.ofType(Patient).contact[0]` → `Patient.contact` (fhirpath's base path of the node). */
function modelPath(instancePath: string): string {
  const typed = instancePath.lastIndexOf(".ofType(");
  let p = instancePath;
  if (typed >= 0) {
    const close = instancePath.indexOf(")", typed);
    p = instancePath.slice(typed + 8, close) + instancePath.slice(close + 1);
  }
  let out = "";
  let depth = 0;
  for (const ch of p) {
    if (ch === "[") depth++;
    else if (ch === "]") depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

const atOrBelow = (path: string, element: string) =>
  path === element || path.startsWith(`${element}.`) || path.startsWith(`${element}[`);

interface Disagreement {
  message: string;
  key: string;
  where: string;
  fhirpath: string;
  ours: string;
}

function compare(name: string, bundle: Bundle): Disagreement[] {
  const issues = validateMessage(bundle).issues;
  bundleInView = bundle;
  const out: Disagreement[] = [];
  const messageWide = new Map<string, boolean>();
  for (const t of profileTargets(bundle)) {
    const profile = INVARIANTS[t.url];
    if (!profile) continue;
    const resource = t.r;
    const env = { resource, rootResource: resource, ucum: "http://unitsofmeasure.org" };
    for (const inv of Object.values(profile.invariants)) {
      const kind = kindOf(inv.key);
      if (NOT_EVALUATED[inv.key] || kind === "generic") continue;
      for (const element of inv.elements) {
        for (const node of select({ value: resource, path: t.at }, element.split(".").slice(1))) {
          if (node.value === null || typeof node.value !== "object") continue;
          let failed: boolean;
          try {
            failed = isFalse(evaluate(node.value, modelPath(node.path), published(inv.key, inv.expression), env));
          } catch (e) {
            out.push({ message: name, key: inv.key, where: node.path, fhirpath: String(e).slice(0, 120), ours: "-" });
            continue;
          }
          if (kind === "message") {
            messageWide.set(inv.key, (messageWide.get(inv.key) ?? false) || failed);
            continue;
          }
          const same = SAME_FINDING[inv.key];
          const ours = issues.some(
            (i) =>
              (i.rule === inv.key && atOrBelow(i.path, node.path) && i.severity === inv.severity) ||
              (same !== undefined && i.rule === same.rule && i.path === `${node.path}${same.suffix}`),
          );
          if (ours !== failed && !(STRICTER[inv.key] && ours))
            out.push({ message: name, key: inv.key, where: node.path, fhirpath: String(!failed), ours: String(!ours) });
        }
      }
    }
  }
  for (const [key, failed] of messageWide) {
    const ours = issues.some((i) => i.rule === key);
    if (ours === failed || (STRICTER[key] && ours) || DISAGREES_ON[`${key}|${name}`]) continue;
    out.push({ message: name, key, where: "message", fhirpath: String(!failed), ours: String(!ours) });
  }
  // ele-1 and ext-1: how many elements of the whole message break them.
  const GENERIC: Record<string, string> = {
    "ele-1": "descendants().where((hasValue() or (children().count() > id.count()) or is(xhtml)).not()).count()",
    "ext-1":
      "(descendants().extension | descendants().modifierExtension).where(extension.exists() = value.exists()).count()",
  };
  for (const [key, expression] of Object.entries(GENERIC)) {
    const [count] = evaluate(bundle, "Bundle", expression, { resource: bundle, rootResource: bundle });
    const ours = issues.filter((i) => i.rule === key).length;
    if (ours !== count) out.push({ message: name, key, where: "count", fhirpath: String(count), ours: String(ours) });
  }
  return out;
}

function messages(): [string, Bundle][] {
  const out: [string, Bundle][] = [];
  for (const name of fhirExampleNames()) out.push([`example ${name}`, readExampleBundle(name)]);
  for (const name of BASES) out.push([`base ${name}`, base(name)]);
  for (const c of [...invariantCases(), ...messageWideCases]) {
    const b = load(c.base);
    c.mutate(b);
    out.push([`mutation ${c.name}`, b]);
  }
  for (const c of shapeMutations) {
    const b = base(c.base);
    c.mutate(b);
    out.push([`shape ${c.name}`, b]);
  }
  for (const c of ruleBreakers) {
    const b = base(c.base);
    c.mutate(b);
    out.push([`rule-breaker ${c.name}`, b]);
  }
  return out;
}

describe("fhirpath.js (HL7's engine) agrees with every hand-written invariant check", () => {
  test("on the official examples, the builder's messages and every mutation", () => {
    const disagreements = messages().flatMap(([name, b]) => compare(name, b));
    expect(disagreements).toEqual([]);
  }, 120_000);

  test("every invariant of the applied profiles is either evaluated or listed with its reason", () => {
    const unexplained: string[] = [];
    for (const [name, b] of messages().slice(0, 40)) {
      for (const t of profileTargets(b)) {
        for (const inv of Object.values(INVARIANTS[t.url]?.invariants ?? {})) {
          if (NOT_EVALUATED[inv.key] || kindOf(inv.key) === "generic") continue;
          try {
            evaluate({}, INVARIANTS[t.url]?.type ?? "", published(inv.key, inv.expression), {
              resource: {},
              rootResource: {},
            });
          } catch (e) {
            unexplained.push(`${name}: ${inv.key}: ${String(e).slice(0, 80)}`);
          }
        }
      }
    }
    expect([...new Set(unexplained)]).toEqual([]);
  }, 120_000);
});
