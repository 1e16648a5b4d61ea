// Issue 13: "a disagreement is either its bug or ours: decide and write it down". Every outcome of the differential
// test (tests/unit/validate/differential-medplum.test.ts) falls in one category below, each with its decision and
// the reason. Decisions were made by reading medplum's issue, our issue and the rule (FHIR R4 / the MedCom profile)
// for the cases of each category; a new kind of disagreement matches no category and fails the test until decided.
import { related, type Verdicts } from "./differential.js";
import type { MedplumIssue } from "./medplum.js";
import type { MutationKind } from "./mutations.js";

/** agree: both judges right. ours: our validator is wrong (a gap, listed by name until fixed). medplum: its bug or
 * limitation (documented exclusion). both-right: both refuse, for reasons anchored at different elements. */
export type Decision = "agree" | "ours" | "medplum" | "both-right";

export interface Classified {
  category: string;
  decision: Decision;
  reason: string;
}

const c = (category: string, decision: Decision, reason: string): Classified => ({ category, decision, reason });

// ---- medplum's own defects, seen on the VALID official examples and builder messages (its baseline noise) ----------

/** medplum issues on valid messages, each matched to the defect that causes it. */
export const MEDPLUM_FALSE_POSITIVES: ReadonlyArray<{ test: (i: MedplumIssue) => boolean } & Classified> = [
  {
    test: (i) => i.text.startsWith("Incorrect number of values provided for slice"),
    ...c(
      "medplum: slices by extension url / pattern not matched",
      "medplum",
      "medplum does not match MedCom's slices discriminated by extension url (destination use, payload segment " +
        "extensions) or by nested pattern (Organization identifier EAN-ID/SOR-ID, payload content[x]), so it " +
        "reports every such 1..1 slice as missing on every valid message (medplum 5.2.13 slicing).",
    ),
  },
  {
    test: (i) =>
      i.text.startsWith("Error evaluating invariant expression") ||
      i.text.startsWith("Constraint medcom-acknowledgement-2 not met"),
    ...c(
      "medplum: FHIRPath conformsTo() not supported",
      "medplum",
      "medcom-acknowledgement-2 is `…ofType(MessageHeader).conformsTo(url)`; medplum's FHIRPath has no conformsTo() " +
        "(FHIRPath R4 §5.x / FHIR R4 §2.19 additional functions), so it fails the invariant on every acknowledgement.",
    ),
  },
  {
    test: (i) => i.text.startsWith("Invalid reference: got") && i.text.includes("|4.0.1"),
    ...c(
      "medplum: versioned targetProfile canonical",
      "medplum",
      "MedCom's snapshots carry targetProfile canonicals with `|4.0.1`; medplum compares them unstripped with the " +
        "target's type and reports a correct Organization/MessageHeader target as wrong (only as a warning).",
    ),
  },
  {
    test: (i) => /^Constraint medcom-careCommunication-(?:7|11|12) not met/.test(i.text),
    ...c(
      "medplum: resolve() does not look inside the Bundle",
      "medplum",
      "medplum's FHIRPath resolve() returns a stub {resourceType, id} parsed from the reference instead of the Bundle " +
        "entry (FHIRPath resolve() in a Bundle finds the entry by fullUrl, FHIR R4 §2.19), so invariants that " +
        "look into the resolved resource (medcom-careCommunication-7, -11, -12) fail on valid messages.",
    ),
  },
];

export function medplumFalsePositive(i: MedplumIssue): Classified | undefined {
  const hit = MEDPLUM_FALSE_POSITIVES.find((f) => f.test(i));
  return hit ? c(hit.category, hit.decision, hit.reason) : undefined;
}

// ---- mutations -----------------------------------------------------------------------------------------------------

/** What each invalid-by-construction kind breaks, and the issue-13 class that must catch it. */
const KIND_RULE: Record<MutationKind, string> = {
  "unknown-property": "class 5 JSON: unknown property (R4 §2.6.2)",
  "wrong-json-type": "class 5 JSON: wrong JSON type for the data type (R4 §2.6.2)",
  "array-for-single": "class 5 JSON: an array for a 0..1 element (R4 §2.6.2)",
  null: "class 5 JSON: null value (R4 §2.6.2)",
  "empty-string": "class 5 JSON: empty string (R4 §2.6.2, ele-1)",
  "empty-array": "class 5 JSON: empty array (R4 §2.6.2)",
  "empty-object": "class 5 JSON: empty object (R4 §2.6.2, ele-1)",
  "impossible-date": "class 5 primitive format: a date that does not exist (R4 §2.24.0.1)",
  "bad-id": "class 5 primitive format: id (R4 §2.24.0.1 [A-Za-z0-9\\-\\.]{1,64})",
  "code-whitespace": "class 5 primitive format: code with leading whitespace (R4 §2.24.0.1)",
  "wrong-code": "terminology: code outside a required binding / complete MedCom CodeSystem",
  "unknown-modifier-extension": "class 4: unknown modifierExtension must be refused (R4 §2.13)",
  remove: "class 1: required element missing",
  duplicate: "class 1: too many repetitions",
  "unknown-extension": "class 4: unknown plain extension",
  "wrong-reference-target": "class 3: reference target type",
};

const has = (v: Verdicts, rule: (r: string) => boolean) => v.ours.errors.some((e) => rule(e.rule ?? e.code));
const onlyRules = (v: Verdicts, rules: ReadonlySet<string>) =>
  v.ours.errors.length > 0 && v.ours.errors.every((e) => rules.has(e.rule ?? e.code));
const mpSays = (v: Verdicts, prefix: string) => v.medplum.added.some((i) => i.text.startsWith(prefix));

/** Our refusals medplum cannot make: the rule families it has no means to check. */
const MEDPLUM_BLIND: ReadonlyArray<{ rules: ReadonlySet<string> } & Classified> = [
  {
    rules: new Set(["slice"]),
    ...c(
      "medplum misses: MedCom slice",
      "medplum",
      "medplum reports every extension-url/pattern slice as missing on the valid base already (see its false " +
        "positives), so breaking the slice adds nothing it can see.",
    ),
  },
  {
    rules: new Set(["binding", "medcom-messaging-event", "pattern-value"]),
    ...c(
      "medplum misses: terminology / fixed codes",
      "medplum",
      "medplum validates no value-set bindings (no terminology) and, for patterns on codings, reports nothing new.",
    ),
  },
  {
    rules: new Set(["reference-target-type", "reference-bundled"]),
    ...c(
      "medplum misses: reference targets inside the Bundle",
      "medplum",
      "medplum reports a wrong target type only as a warning, mis-parses absolute references ('got \"https:\"') and " +
        "does not resolve references inside the Bundle (R4 §2.36.4 / bdl resolution).",
    ),
  },
  {
    rules: new Set(["bundle-fullurl"]),
    ...c(
      "medplum misses: fullUrl agrees with the resource id",
      "medplum",
      "R4 Bundle.entry.fullUrl: 'fullUrl SHALL agree with the resource id' (R4 §3.3.1, HL7 validator checks it); " +
        "medplum does not compare them.",
    ),
  },
  {
    rules: new Set(["ele-1", "fhir-syntax-empty"]),
    ...c(
      "medplum misses: an element a removal left empty",
      "medplum",
      "removing the only child of an object or the only item of an array leaves `{}` or `[]`, which FHIR JSON forbids " +
        "(R4 §2.6.2: no empty objects or arrays; ele-1: every element has a value or children) and HL7's validator " +
        "refuses; medplum does not report empty objects or arrays (see its misses of the empty-object/-array kinds).",
    ),
  },
  {
    rules: new Set([
      "medcom-provenance-revision",
      "medcom-provenance-agent",
      "medcom-provenance-new-message",
      "medcom-provenance-new-segments",
      "medcom-provenance-one-per-message",
      "medcom-acknowledgement-provenance",
      "medcom-carecommunication-5",
      "medcom-carecommunication-21",
      "medcom-carecommunication-22",
    ]),
    ...c(
      "medplum misses: MedCom governance rules (not in the profiles)",
      "medplum",
      "MedCom's governance rules for replies, forwards and acknowledgements (DOMAIN.md; issue 13 class 6) are written " +
        "in MedCom's guides, not as profile constraints, so no profile-driven validator (medplum or HL7's) checks them.",
    ),
  },
  {
    rules: new Set(["cpt-2"]),
    ...c(
      "medplum misses: cpt-2 (a ContactPoint value needs a system)",
      "medplum",
      "R4 ContactPoint cpt-2 `value.empty() or system.exists()` is an error-level base constraint; medplum does not " +
        "evaluate the data types' own constraints on this path.",
    ),
  },
  {
    rules: new Set(["fhir-id"]),
    ...c(
      "medplum misses: id format",
      "medplum",
      "medplum does not check the id data type's regex on Resource.id (R4 §2.24.0.1).",
    ),
  },
  {
    rules: new Set([
      "medcom-careCommunication-7",
      "medcom-careCommunication-8",
      "medcom-careCommunication-9",
      "medcom-careCommunication-11",
      "medcom-careCommunication-12",
      "medcom-careCommunication-13",
      "medcom-careCommunication-15",
      "reference-target-type",
      "reference-bundled",
    ]),
    ...c(
      "medplum misses: MedCom invariant across resources",
      "medplum",
      "these invariants follow references between entries; medplum's resolve() never returns the Bundle entry (see " +
        "its false positives), so it cannot evaluate them.",
    ),
  },
  {
    rules: new Set([
      "medcom-uuidv4",
      "medcom-core-contact",
      "gln-length",
      "dk-core-cpr",
      "min-digits-sor",
      "att-1",
      "cardinality",
    ]),
    ...c(
      "medplum misses: rules inside slices / on profiled sub-elements, identifier formats",
      "medplum",
      "the MedCom rules that live inside slices medplum cannot match (payload segment identifier UUIDv4 and " +
        "assigner, author contact, Patient name 'official' family), on a profiled sub-element (topic.text, " +
        "attachment title, att-1) or come from DK-core / our identifier tables (GLN, SOR, CPR; DK-core is not in " +
        "../shared): medplum reports nothing new for them.",
    ),
  },
];

const ALL_BLIND_RULES: ReadonlySet<string> = new Set(MEDPLUM_BLIND.flatMap((b) => [...b.rules]));

export function classify(v: Verdicts): Classified | undefined {
  const oursInvalid = !v.ours.valid;
  const mpInvalid = !v.medplum.valid;
  const must = v.mutation.mustBeInvalid;
  const kind = v.mutation.kind;
  if (oursInvalid && mpInvalid) {
    if (v.pathsAgree) return c("agree: both invalid, paths agree", "agree", "");
    return pathDifference(v);
  }
  if (!oursInvalid && !mpInvalid) {
    if (!must) return c("agree: both valid", "agree", "");
    return c(`both miss: ${KIND_RULE[kind]}`, "ours", "invalid by construction; neither judge refuses it.");
  }
  if (!oursInvalid) {
    if (must) return c(`ours misses: ${KIND_RULE[kind]}`, "ours", "invalid by construction; medplum refuses it.");
    if (mpSays(v, "Constraint medcom-careCommunication-11 not met") && kind === "unknown-extension") {
      return c(
        "ours misses: medcom-careCommunication-11 as published",
        "ours",
        "the published cc-11 expression tests `Communication.extension.value.reference.resolve()` for EVERY " +
          "extension, so any other extension on the Communication fails it; HL7's validator evaluates it as " +
          "published. (MedCom's text means the sender extension only: worth raising with MedCom.)",
      );
    }
    if (mpSays(v, "Constraint bdl-")) {
      return c(
        "ours misses: class 2 base invariant bdl-*",
        "ours",
        "an R4 Bundle invariant (bdl-5: an entry must have a resource) fails; the Bundle profile inherits it.",
      );
    }
    if (
      mpSays(v, "Missing required property") ||
      mpSays(v, "Invalid empty non-primitive value") ||
      mpSays(v, "String must contain non-whitespace content")
    ) {
      return c(
        "ours misses: class 1 required element (base R4 / profile min)",
        "ours",
        "medplum reads the element's min from R4's and MedCom's snapshots; the element is required.",
      );
    }
    return undefined;
  }
  // Ours invalid, medplum valid.
  if (must) return c(`medplum misses: ${KIND_RULE[kind]}`, "medplum", "invalid by construction; medplum accepts it.");
  for (const blind of MEDPLUM_BLIND) {
    if (onlyRules(v, blind.rules)) return c(blind.category, blind.decision, blind.reason);
  }
  if (onlyRules(v, ALL_BLIND_RULES)) {
    return c(
      "medplum misses: several of the rule families above at once",
      "medplum",
      "one break that fails rules from more than one family medplum cannot see (e.g. a removal that empties an " +
        "object and takes a slice's discriminator with it): each family is decided above.",
    );
  }
  return undefined;
}

/** Both refuse; the errors name different elements. */
function pathDifference(v: Verdicts): Classified | undefined {
  if (has(v, (r) => r === "threw")) {
    return c(
      "both invalid: ours only by throwing (400 without a path)",
      "ours",
      "validateMessage throws a TypeError on a wrong JSON type (e.g. identifier.system 42); the gateway turns it into " +
        "a 400 'fhir-structure' with an empty path, where the element must be named (class 5, JSON types).",
    );
  }
  const named = v.ours.errors.some((e) => related(e.path, v.mutation.path));
  if (v.mutation.mustBeInvalid && !named) {
    return c(
      "both invalid: ours for a consequence, the broken element not named",
      "ours",
      "the JSON/format break itself is not reported (class 5); we refuse only because a MedCom rule downstream of " +
        "it fails, at that rule's context.",
    );
  }
  if (has(v, (r) => r.startsWith("medcom-") || r.startsWith("bdl-"))) {
    return c(
      "both invalid: ours at the invariant's context, medplum at the element",
      "both-right",
      "the break makes an invariant fail; we name the invariant's context (e.g. medcom-careCommunication-9 at " +
        "Communication.encounter, bdl-12 at entry[0].resource), medplum the Bundle or the broken element.",
    );
  }
  if (named && v.medplum.added.every((i) => i.text.startsWith("Constraint medcom-"))) {
    return c(
      "both invalid: ours at the broken element, medplum at the invariant it makes fail",
      "both-right",
      "the break (e.g. an emptied meta.profile) is itself invalid FHIR, and we report it there once (one fault, one " +
        "issue: fold.ts); medplum reports only the MedCom invariant the break makes fail, at the Bundle.",
    );
  }
  if (mpSays(v, "Constraint bdl-5 not met")) {
    return c(
      "both invalid: ours at the references, bdl-5 not reported",
      "ours",
      "R4 bdl-5 (entry must have a resource unless request/response): medplum names the empty entry, we only the " +
        "references that no longer resolve (class 2 base invariants).",
    );
  }
  return undefined;
}
