// Running both judges over the corpus: our reader + validateMessage and medplum's validateResource (tests/support/medplum.ts).
// medplum is noisy on the valid official examples (its slicing, conformsTo() and versioned targetProfiles; see
// the exclusions in the test), so its verdict on a mutation is "the mutation ADDED an error issue to those it reports
// on the unmutated base": issues are compared as multisets keyed by severity, text and index-free path.
import type { Issue } from "../../src/util/issues.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { readFhir } from "../../src/medcom/fhir/index.js";
import { validateMessage } from "../../src/medcom/validate/index.js";
import type { MedplumIssue, MedplumJudge } from "./medplum.js";
import type { Mutation } from "./mutations.js";

export interface Verdicts {
  mutation: Mutation;
  ours: { valid: boolean; errors: Issue[] };
  medplum: { valid: boolean; added: MedplumIssue[] };
  /** Both say invalid and an error of one lies on (or inside) an element the other names. */
  pathsAgree: boolean;
}

const isError = (severity: string) => severity === "error" || severity === "fatal";

/** `Bundle.entry[3].resource.ofType(Patient).name[0]` → `Patient.name`: what a medplum issue is about. */
const issueKey = (i: MedplumIssue) =>
  `${i.severity}|${i.text}|${i.path
    .replace(/^Bundle\.entry\[\d+\]\.resource\.ofType\(/, "(")
    .replace(/\[\d+\]/g, "")
    .replace(/\.ofType\([A-Za-z]+\)/g, "")}`;

function added(mutant: MedplumIssue[], baseline: MedplumIssue[]): MedplumIssue[] {
  const counts = new Map<string, number>();
  for (const i of baseline) counts.set(issueKey(i), (counts.get(issueKey(i)) ?? 0) + 1);
  return mutant.filter((i) => {
    const k = issueKey(i);
    const left = counts.get(k) ?? 0;
    counts.set(k, left - 1);
    return left <= 0 && isError(i.severity);
  });
}

/** The entry a mutation is inside, when it is inside one entry's resource (medplum then judges only that entry). */
function entryOf(path: string): number | undefined {
  // Inside the resource, not the resource itself (removing or emptying it changes the Bundle: bdl-5).
  const m = /^Bundle\.entry\[(\d+)\]\.resource\.ofType\([A-Za-z]+\)\./.exec(path);
  return m ? Number(m[1]) : undefined;
}

interface Segment {
  name: string;
  index?: string;
  /** medplum names a choice element `value[x]`; we name it `valueCoding`. */
  choice?: boolean;
}

function segments(path: string): Segment[] {
  return path
    .replace(/\.ofType\([A-Za-z]+\)/g, "")
    .split(".")
    .map((s) => {
      if (s.endsWith("[x]")) return { name: s.slice(0, -3), choice: true };
      const b = s.indexOf("[");
      return b < 0 ? { name: s } : { name: s.slice(0, b), index: s.slice(b + 1, -1) };
    });
}

const isUpper = (c: string | undefined) => c !== undefined && c >= "A" && c <= "Z";
const sameName = (s: Segment, t: Segment) =>
  s.name === t.name ||
  (s.choice === true && t.name.startsWith(s.name) && isUpper(t.name[s.name.length])) ||
  (t.choice === true && s.name.startsWith(t.name) && isUpper(s.name[t.name.length]));

/** One path lies on the other's element or inside it (an index missing on one side matches any). */
export function related(a: string, b: string): boolean {
  const x = segments(a);
  const y = segments(b);
  const n = Math.min(x.length, y.length);
  // A bare `Bundle` (a Bundle invariant) is about the entries, not about every element inside them.
  if (n === 1 && Math.max(x.length, y.length) > 2) return false;
  for (let i = 0; i < n; i++) {
    const s = x[i];
    const t = y[i];
    if (!s || !t || !sameName(s, t)) return false;
    if (s.index !== undefined && t.index !== undefined && s.index !== t.index) return false;
  }
  return true;
}

/**
 * Ours as a receiver of the message in JSON meets it: the reader's shape check (a list where FHIR repeats, an object
 * for a complex type; src/medcom/fhir/json-shape.ts) first, then the validator. XML cannot carry most of these
 * mutations (an array for a single element, a number for a string), so JSON is the comparable form.
 */
function oursOnJson(mutant: Bundle): { valid: boolean; issues: Issue[] } {
  const read = readFhir(JSON.stringify(mutant), "json");
  if (!read.ok) return { valid: false, issues: read.issues };
  return validateMessage(read.value);
}

export interface Base {
  name: string;
  bundle: Bundle;
}

export function runDifferential(
  medplum: MedplumJudge,
  bases: readonly Base[],
  mutations: readonly Mutation[],
): Verdicts[] {
  const byName = new Map(bases.map((b) => [b.name, b.bundle]));
  const baselines = new Map<string, MedplumIssue[]>();
  const baseline = (name: string, bundle: Bundle, entry: number | undefined) => {
    const k = `${name}#${entry ?? "all"}`;
    let issues = baselines.get(k);
    if (!issues) {
      issues = entry === undefined ? medplum.judge(bundle) : medplum.judgeEntry(bundle, entry);
      baselines.set(k, issues);
    }
    return issues;
  };
  return mutations.map((mutation) => {
    const original = byName.get(mutation.base);
    if (!original) throw new Error(`no base ${mutation.base}`);
    const mutant = structuredClone(original);
    mutation.apply(mutant);
    const entry = entryOf(mutation.path);
    const theirs = entry === undefined ? medplum.judge(mutant) : medplum.judgeEntry(mutant, entry);
    const medplumAdded = added(theirs, baseline(mutation.base, original, entry));
    let result;
    try {
      result = oursOnJson(mutant);
    } catch (e) {
      // A validator that throws on a hostile message is a defect of ours; record it as a refusal with the reason.
      result = {
        valid: false,
        issues: [{ severity: "error", code: "threw", path: "Bundle", message: String(e), rule: "threw" } as Issue],
      };
    }
    const errors = result.issues.filter((i) => i.severity === "error");
    const pathsAgree = errors.some((o) => medplumAdded.some((t) => related(o.path, t.path)));
    return {
      mutation,
      ours: { valid: result.valid, errors },
      medplum: { valid: medplumAdded.length === 0, added: medplumAdded },
      pathsAgree,
    };
  });
}
