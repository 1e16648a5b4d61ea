// FHIR JSON from outside can have any shape. Before anything walks it, check that every element the definitions know
// has FHIR's shape (a list where the element repeats, a single value where it does not; an object for a complex type,
// a string, number or boolean for a primitive; a resource with a resourceType where a resource belongs), and that
// every unknown element at least has a name XML can carry. Everything downstream can then rely on the shapes.
import { shownValue } from "../ids.js";
import { error, type Issue } from "../../util/issues.js";
import { childTypeKey, isPrimitive, resolveElement, typeInfo, type TypeInfo } from "./elements.js";

type JsonObject = Record<string, unknown>;

const MAX_ISSUES = 50;
const XML_NAME = /^[A-Za-z_][\w.-]{0,127}$/;
/** Names the XML reader refuses (they reach into a JavaScript prototype); JSON keys are written to XML as names. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

export function checkJsonShape(resource: JsonObject): Issue[] {
  const issues: Issue[] = [];
  // Code fhir-json-shape (the reader refuses), rule as the validator names the same fault (syntax-checks.ts).
  const report = (path: string, message: string, rule: string) => {
    if (issues.length < MAX_ISSUES) issues.push(error("fhir-json-shape", path, message, rule));
  };
  // The path starts with the resource type, but only a name is echoed: a hostile resourceType (100 KB, line breaks)
  // would otherwise come back verbatim as every issue's path (issue 11 sweep).
  const type = resource.resourceType;
  walkResource(resource, typeof type === "string" && XML_NAME.test(type) ? type : "Resource", report);
  return issues;
}

type Report = (path: string, message: string, rule: string) => void;

/** A bundled or contained resource's path as the validator writes it: `Bundle.entry[2].resource.ofType(Patient)`. */
const resourcePath = (resource: JsonObject, at: string): string =>
  typeof resource.resourceType === "string" && XML_NAME.test(resource.resourceType)
    ? `${at}.ofType(${resource.resourceType})`
    : at;

function walkResource(resource: JsonObject, path: string, report: Report): void {
  const type = resource.resourceType;
  if (typeof type !== "string" || !XML_NAME.test(type))
    return report(path, "A resource needs a resourceType name.", "fhir-syntax-resource-type");
  walkObject(resource, typeInfo(type), path, report);
}

function walkObject(value: JsonObject, info: TypeInfo | undefined, path: string, report: Report): void {
  for (const [key, item] of Object.entries(value)) {
    if (key === "resourceType") continue;
    const name = key.startsWith("_") ? key.slice(1) : key;
    if (!XML_NAME.test(name) || RESERVED_NAMES.has(name)) {
      report(
        `${path}.${shownValue(key)}`,
        RESERVED_NAMES.has(name)
          ? `The name ${name} is not allowed in a MedCom message (an XML receiver could not read it).`
          : "An element name must be letters, digits, _, . or -.",
        "fhir-syntax-name",
      );
      continue;
    }
    if (key.startsWith("_")) {
      // A primitive's id and extensions: an object, or a list of objects and nulls beside a repeating primitive.
      const ok = isObject(item) || (Array.isArray(item) && item.every((i) => i === null || isObject(i)));
      if (!ok)
        report(
          `${path}.${name}`,
          "The _ companion of a primitive is an object (or a list of them).",
          "fhir-syntax-primitive-extension",
        );
      else
        for (const part of Array.isArray(item) ? item : [item])
          if (isObject(part)) walkObject(part, typeInfo("Element"), `${path}.${key}`, report);
      continue;
    }
    const resolved = info ? resolveElement(info, key) : undefined;
    if (!resolved) {
      walkUnknown(item, `${path}.${key}`, report);
      continue;
    }
    const { element, type } = resolved;
    if (element.repeats !== Array.isArray(item)) {
      report(
        `${path}.${key}`,
        element.repeats
          ? `${key} repeats in FHIR: it must be a list.`
          : `${key} is a single value in FHIR, not a list.`,
        "fhir-syntax-array",
      );
      continue;
    }
    (Array.isArray(item) ? item : [item]).forEach((part, i) => {
      const at = element.repeats ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (type === "xhtml" || isPrimitive(type)) {
        if (!isScalar(part) && !(part === null && element.repeats))
          report(at, `${key} is a ${type}: a text, number or boolean.`, "fhir-syntax-json-type");
      } else if (!isObject(part)) report(at, `${key} is a ${type}: an object.`, "fhir-syntax-json-type");
      else if (type === "Resource") walkResource(part, resourcePath(part, at), report);
      else walkObject(part, info ? typeInfo(childTypeKey(info, element, type)) : undefined, at, report);
    });
  }
}

/** Elements the definitions do not know are kept; they only need names and values XML can carry. */
function walkUnknown(value: unknown, path: string, report: Report): void {
  for (const part of Array.isArray(value) ? value : [value]) {
    if (isObject(part)) {
      if (typeof part.resourceType === "string") walkResource(part, path, report);
      else walkObject(part, undefined, path, report);
    } else if (!isScalar(part))
      report(path, "A value must be a text, number, boolean or object.", "fhir-syntax-json-type");
  }
}
