// FHIR R4 syntax, judged on the model whatever it was read from (json.html, xml.html, datatypes.html): ONE linear
// walk over the resource tree, typed by the element tables (schemas/fhir-r4), that reports
// - elements the definitions do not know (kept by the readers for forwarding, R-Tek-C, but reported here), a
//   `resourceType` anywhere but on a resource, a choice element of a type the definition does not allow;
// - a list where the element holds one value, or one value where it repeats; the wrong JSON type (a string for a
//   boolean or integer, a number for a string, a scalar for an object);
// - empty lists, objects and strings, and nulls outside a list of primitives (json.html: "empty objects, arrays and
//   strings are not allowed"; ele-1);
// - `_name` companions of primitives: an object (a list aligned with the values for a repeating primitive) holding
//   only `id` and `extension`, beside a primitive element;
// - each primitive value against its type's format (primitive-formats.ts);
// - a code of a data type outside R4's required binding (Narrative.status, Identifier.use…), and a Coding's code its
//   complete MedCom CodeSystem does not define (datatype-bindings.ts).
// A Bundle built in memory and one read from JSON or XML get the same judgement; what only the XML text showed
// (element order, attributes, text content) comes from the reader's findings (read-findings.ts) and is added first.
import { childTypeInfo, isPrimitive, resolveElement, typeInfo, type TypeInfo } from "../fhir/elements.js";
import type { ReadFindings } from "../fhir/read-findings.js";
import { shownValue } from "../ids.js";
import { error, type Issue } from "../../util/issues.js";
import { bindingMessage, codingProblem, datatypeBindings, type DatatypeBinding } from "./datatype-bindings.js";
import { formatProblem, jsonKindOf, textProblem } from "./primitive-formats.js";
import type { DetachedAttachments } from "../detached.js";
import { isProvenBase64 } from "../proven-base64.js";

type JsonObject = Record<string, unknown>;

/** A hostile message can break these rules everywhere; the validator caps its answer anyway (index.ts). */
const MAX_ISSUES = 100;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

const ELEMENT = typeInfo("Element");

/**
 * Faults after which the message does not have FHIR's shape (a list where one value belongs, a number where an
 * object or a text belongs, a resource without its type): the other checks walk FHIR's shapes and cannot judge it,
 * so the validator answers with these alone, as the JSON reader refuses such a document at the door (json-shape.ts).
 */
const SHAPE_RULES: ReadonlySet<string> = new Set([
  "fhir-syntax-array",
  "fhir-syntax-json-type",
  "fhir-syntax-resource-type",
]);

/**
 * A stray JSON null (json.html: null only in a list of primitives whose `_name` gives that item extensions) is a
 * shape fault too — every other check would have to expect null wherever FHIR has a value (a null Provenance.entity
 * item, a null reference). Its rule is ele-1 (an element with neither value nor children, as FHIRPath sees it);
 * the code tells it apart.
 */
const NULL_CODE = "fhir-syntax-null";

/**
 * An empty object (and a stray null) is FHIR R4's ele-1 ("All FHIR elements must have a @value or children"): reported here, where the
 * walk meets it, under ele-1's key, and the generic ele-1 pass (invariants/generic.ts) does not repeat it — one fault,
 * one issue. Empty lists and strings keep `fhir-syntax-empty` (FHIRPath does not see them; json.html forbids them).
 */
const EMPTY_OBJECT_RULE = "ele-1";
const EMPTY_OBJECT = "An empty object is not allowed in FHIR: leave the element out (ele-1).";

export const breaksShape = (issue: Issue): boolean =>
  issue.code === NULL_CODE || (issue.rule !== undefined && SHAPE_RULES.has(issue.rule));

/** `detached`: the request's detached attachments, whose tokens are legal Attachment.data (issue 17). */
export function checkSyntax(
  root: object,
  read: ReadFindings | undefined,
  detached: DetachedAttachments = new Map(),
): Issue[] {
  const walk = new SyntaxWalk(read?.syntax === "xml", detached);
  for (const issue of read?.issues ?? []) walk.issues.push(issue);
  const type = (root as { resourceType?: unknown }).resourceType;
  walk.resource(root, typeof type === "string" && isName(type) ? type : "Resource");
  return walk.issues;
}

/** A resource type or element name as it can appear in a path (anything else is shown escaped). */
function isName(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57 && i > 0))) return false;
  }
  return true;
}

const shownKey = (key: string): string => (isName(key) ? key : shownValue(key));

class SyntaxWalk {
  readonly issues: Issue[] = [];
  /** A shape fault is recorded: past the cap, the walk goes on only until it has found one (see `full`). */
  private shapeBroken = false;

  /** `xmlLexical`: the model was read from XML, where numbers and booleans may stay text (elements.ts). */
  constructor(
    private readonly xmlLexical: boolean,
    private readonly detached: DetachedAttachments,
  ) {}

  /**
   * Attachment.data that needs no base64 scan (issue 17): a token of this request's own detached attachments (its
   * text was checked while it streamed), or data the compose check already proved (proven-base64.ts). Any other
   * token is judged as data like any other, and is not base64.
   */
  private knownData(node: JsonObject, info: TypeInfo, key: string, value: unknown): boolean {
    if (key !== "data" || info.key !== "Attachment" || typeof value !== "string") return false;
    return this.detached.has(value) || isProvenBase64(node, value);
  }

  /**
   * The cap ends the walk only once a shape fault is known or none can follow: a hundred unknown properties must not
   * hide a list where one value belongs, or the later checks would meet a shape they cannot walk (the validator
   * never throws). Past the cap only shape faults are recorded, and only the first.
   */
  private get full(): boolean {
    return this.issues.length >= MAX_ISSUES && this.shapeBroken;
  }

  private report(rule: string, path: string, message: string, code: string = rule): void {
    const shape = code === NULL_CODE || SHAPE_RULES.has(rule);
    if (this.issues.length < MAX_ISSUES || (shape && !this.shapeBroken))
      this.issues.push(error(code, path, message, rule));
    if (shape) this.shapeBroken = true;
  }

  resource(value: unknown, path: string): void {
    if (!isObject(value)) return this.report("fhir-syntax-json-type", path, "A resource is a JSON object.");
    const type = value.resourceType;
    if (typeof type !== "string" || !isName(type)) {
      return this.report("fhir-syntax-resource-type", path, "A resource starts with its resourceType, a type name.");
    }
    const info = typeInfo(type);
    // A resource type the tables do not detail cannot be judged element by element (its profile is not MedCom's).
    if (info?.isResource) this.object(value, info, path, true);
  }

  private object(node: JsonObject, info: TypeInfo, path: string, isResource: boolean): void {
    let empty = true;
    let choices: string[] | undefined;
    // Required bindings of this data type's codes (undefined for resources and most types: one Map read per object).
    const bindings = isResource ? undefined : datatypeBindings(info.key);
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      if (this.full) return;
      empty = false;
      const value = node[key];
      if (key === "resourceType") {
        if (!isResource)
          this.report(
            "fhir-syntax-unknown-element",
            `${path}.resourceType`,
            "resourceType belongs on a resource only.",
          );
        continue;
      }
      if (key.charCodeAt(0) === 95 /* _ */) {
        this.companion(node, key, info, path);
        continue;
      }
      const resolved = resolveElement(info, key);
      const at = `${path}.${shownKey(key)}`;
      if (!resolved) {
        this.report("fhir-syntax-unknown-element", at, `${shownKey(key)} is not an element of ${info.key} in FHIR R4.`);
        continue;
      }
      const { element, type } = resolved;
      if (element.choice) {
        if (!element.types.includes(type)) {
          this.report(
            "fhir-syntax-choice-type",
            at,
            `${element.name} may be ${element.types.join(", ")} here; ${shownKey(key)} is not one of them.`,
          );
          continue;
        }
        if (choices?.includes(element.name))
          this.report("fhir-syntax-choice-type", at, `${element.name} has one value: only one of its types appears.`);
        (choices ??= []).push(element.name);
      }
      if (this.knownData(node, info, key, value)) continue;
      if (!Array.isArray(value)) {
        if (element.repeats) this.report("fhir-syntax-array", at, `${key} repeats in FHIR: it is a JSON list.`);
        else {
          this.value(info, element.name, type, value, at, false);
          if (bindings !== undefined) this.binding(bindings, info.key, element.name, value, at);
        }
        continue;
      }
      if (!element.repeats) {
        this.report("fhir-syntax-array", at, `${key} holds one value in FHIR: not a list, and it appears once.`);
        continue;
      }
      if (value.length === 0) {
        this.report("fhir-syntax-empty", at, `An empty list is not allowed in FHIR JSON; leave ${key} out.`);
        continue;
      }
      const companions = isPrimitive(type) ? node[`_${key}`] : undefined;
      for (let i = 0; i < value.length; i++) {
        const extended = Array.isArray(companions) && isObject(companions[i]);
        this.value(info, element.name, type, value[i], `${at}[${i}]`, extended);
        if (bindings !== undefined) this.binding(bindings, info.key, element.name, value[i], `${at}[${i}]`);
      }
    }
    if (empty) this.report(EMPTY_OBJECT_RULE, path, EMPTY_OBJECT, "fhir-syntax-empty");
    if (info.key === "Coding" && typeof node.code === "string" && formatProblem("code", node.code) === undefined) {
      const problem = codingProblem(node);
      if (problem) this.report("code-system", path, problem, "code-not-in-code-system");
    }
  }

  private value(parent: TypeInfo, name: string, type: string, value: unknown, at: string, extended: boolean): void {
    if (value === null || value === undefined) {
      if (!extended)
        this.report(
          EMPTY_OBJECT_RULE,
          at,
          `A missing value is allowed only in a list of primitives whose _${name} gives that item extensions (ele-1).`,
          NULL_CODE,
        );
      return;
    }
    if (isPrimitive(type)) return this.primitive(type, value, at);
    if (!isObject(value)) return this.report("fhir-syntax-json-type", at, `${name} is a ${type}: a JSON object.`);
    if (type === "Resource") {
      const rt = value.resourceType;
      return this.resource(value, typeof rt === "string" && isName(rt) ? `${at}.ofType(${rt})` : at);
    }
    const element = parent.byName.get(name);
    // Memoised per element and type: no `Type.element` key written and hashed for every backbone element met.
    const child = element ? childTypeInfo(parent, element, type) : undefined;
    if (child) this.object(value, child, at, false);
    else if (Object.keys(value).length === 0) this.report(EMPTY_OBJECT_RULE, at, EMPTY_OBJECT, "fhir-syntax-empty");
  }

  /**
   * A code outside its required value set. Only a well-formed code is judged: a malformed one (whitespace, a number)
   * is already reported by its format or JSON type — one fault, one issue. The code and rule are those of a profile's
   * required binding (element-rules.ts), which reports nothing more where a MedCom snapshot binds the same element.
   */
  private binding(
    bindings: ReadonlyMap<string, DatatypeBinding>,
    typeKey: string,
    name: string,
    value: unknown,
    at: string,
  ): void {
    const binding = bindings.get(name);
    if (binding === undefined || typeof value !== "string" || binding.codes.has(value)) return;
    if (value === "" || formatProblem("code", value) !== undefined) return;
    this.report("binding", at, bindingMessage(typeKey, name, shownValue(value), binding), "code-not-in-value-set");
  }

  private primitive(type: string, value: unknown, at: string): void {
    if (value === "")
      return this.report("fhir-syntax-empty", at, "An empty value is not allowed in FHIR: leave the element out.");
    if (type === "xhtml") {
      if (typeof value !== "string") this.report("fhir-syntax-json-type", at, "The narrative div is a JSON string.");
      return; // its content is judged by narrative-checks.ts (txt-1, txt-2)
    }
    const kind = jsonKindOf(type);
    if (typeof value === kind) {
      const problem = formatProblem(type, value as string | number | boolean);
      if (problem) this.report("fhir-primitive-format", at, problem);
      return;
    }
    if (typeof value === "string" && this.xmlLexical) {
      const problem = textProblem(type, value);
      if (problem) this.report("fhir-primitive-format", at, problem);
      return;
    }
    const actual = Array.isArray(value) ? "list" : value === null ? "null" : typeof value;
    this.report("fhir-syntax-json-type", at, `A ${type} is a JSON ${kind} in FHIR, not a ${actual}.`);
  }

  /** `_name`: the id and extensions of the primitive `name` (json.html §Representing primitive elements). */
  private companion(node: JsonObject, key: string, info: TypeInfo, path: string): void {
    const name = key.slice(1);
    const resolved = resolveElement(info, name);
    const at = `${path}.${shownKey(name)}`;
    if (!resolved || !isPrimitive(resolved.type) || resolved.type === "xhtml") {
      this.report(
        "fhir-syntax-unknown-element",
        `${path}.${shownKey(key)}`,
        `${shownKey(key)} may only stand beside a primitive element of ${info.key}.`,
      );
      return;
    }
    const value = node[key];
    const values = node[name];
    if (!resolved.element.repeats) {
      if (!isObject(value))
        return this.report("fhir-syntax-primitive-extension", at, `_${name} is a JSON object with id and extension.`);
      if (ELEMENT) this.object(value, ELEMENT, at, false);
      return;
    }
    if (!Array.isArray(value)) {
      return this.report("fhir-syntax-primitive-extension", at, `_${name} is a JSON list aligned with ${name}.`);
    }
    if (values !== undefined && (!Array.isArray(values) || values.length !== value.length)) {
      this.report(
        "fhir-syntax-primitive-extension",
        at,
        `_${name} has one item (or null) for each value of ${name}, in the same order.`,
      );
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isObject(item)) {
        if (ELEMENT) this.object(item, ELEMENT, `${at}[${i}]`, false);
      } else if (item !== null || values === undefined) {
        this.report("fhir-syntax-primitive-extension", `${at}[${i}]`, `Each item of _${name} is an object or null.`);
      }
    }
  }
}
