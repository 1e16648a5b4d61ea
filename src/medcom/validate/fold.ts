// One fault, one issue (issue 13): where two merged checks judge the SAME element for the same fault, the answer
// keeps the more precise finding. Applied once to the whole answer, so each check stays simple and independent:
// - a syntax finding on an element's value (empty, no XML value, not of its primitive type's form — json.html,
//   datatypes.html) is the fault: rules that re-judge that malformed value at that element (its id form, a fixed
//   or pattern value, a binding, a count of the value that the reader could not keep, a MedCom invariant on it)
//   follow from it and are dropped there;
// - the same rule and code at the same element twice (a hand-written check and a derived profile rule that say the
//   same, e.g. the author contact's system pattern): once;
// - bdl-7 (R4's key for a duplicate fullUrl) over the hand-written fullUrl finding at the same entry.
// The id rules (fhir-id, message-id) and MedCom's own invariants other than the meta.profile ones keep their
// findings: existing tests name them for those faults.
// Linear: one map of paths, built only when there is more than one issue.
import type { Issue } from "../../util/issues.js";

const VALUE_SYNTAX: ReadonlySet<string> = new Set([
  "fhir-syntax-empty",
  "fhir-primitive-format",
  "fhir-syntax-xml-value",
]);

/** Rules that judge a value already reported malformed at the same element (never a syntax rule themselves). */
const FOLLOWS_VALUE_SYNTAX: ReadonlySet<string> = new Set([
  "bundle-fullurl",
  "fixed-value",
  "pattern-value",
  "binding",
  "cardinality",
  "medcom-careCommunication-1",
  "medcom-careCommunication-3",
]);

/** [kept, dropped]: the first rule's finding at a path makes the second's at the same path a repeat. */
const OVER: readonly (readonly [string, string])[] = [["bdl-7", "bundle-fullurl"]];

export function foldRepeats(issues: Issue[]): Issue[] {
  if (issues.length < 2) return issues;
  const rulesAt = new Map<string, Set<string>>();
  for (const i of issues) {
    if (i.rule === undefined) continue;
    let rules = rulesAt.get(i.path);
    if (!rules) rulesAt.set(i.path, (rules = new Set()));
    rules.add(i.rule);
  }
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.rule ?? ""}|${i.code}|${i.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !repeated(i, rulesAt.get(i.path));
  });
}

function repeated(issue: Issue, rules: ReadonlySet<string> | undefined): boolean {
  const rule = issue.rule;
  if (rule === undefined || rules === undefined || rules.size < 2) return false;
  if (FOLLOWS_VALUE_SYNTAX.has(rule)) for (const r of VALUE_SYNTAX) if (rules.has(r)) return true;
  for (const [kept, dropped] of OVER) if (rule === dropped && rules.has(kept)) return true;
  return false;
}
