// The one checker that walks a document against a declarative table (tables-*.ts): element order and cardinality,
// required elements, choices, simple-type facets, mixed formatted text and empty elements — what MedCom's XSDs check.
// It never stops at the first problem: every issue has its path (`/Emessage/ClinicalEmail/Patient/PersonSurnameName`,
// `[n]` on elements that may repeat) and names the XSD type. Linear in the document: each child is looked at once.
import { error, type Issue } from "../../util/issues.js";
import { type OioElement, type OioNode, XSI_NAMESPACE } from "./namespaces.js";
import type { ComplexType, ElementDecl, MixedType, Particle, SimpleType } from "./schema.js";
import { trimXml } from "./simple-types.js";

/** Check `el` (already known to be named `decl.name`) and everything in it, in namespace `ns`. */
export function checkElement(el: OioElement, decl: ElementDecl, path: string, ns: string, issues: Issue[]): void {
  checkAttributes(el, decl, path, issues);
  const type = decl.type;
  switch (type.kind) {
    case "any":
      return;
    case "simple":
      return checkSimple(el, type, path, issues);
    case "empty":
      if (el.children.length > 0)
        issues.push(error("oioxml-unexpected", path, `${el.name} must be empty (${type.xsd}).`));
      return;
    case "mixed":
      return checkMixed(el, type, path, ns, issues);
    case "complex":
      return checkSequence(el, type, path, ns, issues);
  }
}

/**
 * The OIOXML XSDs declare no attributes; VANSEnvelope declares a few unqualified ones (decl.attributes), checked like
 * simple values. xsi:schemaLocation (seen in OS2korrespondance's files) is allowed everywhere.
 */
function checkAttributes(el: OioElement, decl: ElementDecl, path: string, issues: Issue[]): void {
  const declared = decl.attributes ?? [];
  for (const a of declared) {
    const attr = el.attrs.find((x) => x.ns === "" && x.name === a.name);
    if (attr === undefined) {
      if (a.required)
        issues.push(error("oioxml-missing", `${path}/@${a.name}`, `${el.name} must have the attribute ${a.name}.`));
      continue;
    }
    const value = a.type.whitespace === "collapse" ? trimXml(attr.value) : attr.value;
    const problem = a.type.check(value, `${el.name}/@${a.name}`);
    if (problem) issues.push(error(problem.code, `${path}/@${a.name}`, problem.message));
  }
  for (const attr of el.attrs) {
    if (attr.ns === XSI_NAMESPACE && (attr.name === "schemaLocation" || attr.name === "noNamespaceSchemaLocation"))
      continue;
    if (attr.ns === "" && declared.some((a) => a.name === attr.name)) continue;
    issues.push(
      error("oioxml-unexpected", `${path}/@${attr.name}`, `${el.name} has no attribute ${attr.name} in MedCom's XSD.`),
    );
  }
}

export function textOf(el: OioElement): string {
  let value = "";
  for (const child of el.children) if ("text" in child) value += child.text;
  return value;
}

function checkSimple(el: OioElement, type: SimpleType, path: string, issues: Issue[]): void {
  for (const child of el.children) {
    if ("text" in child) continue;
    issues.push(
      error("oioxml-unexpected", `${path}/${child.name}`, `${el.name} holds a value (${type.xsd}), not elements.`),
    );
  }
  const raw = textOf(el);
  const problem = type.check(type.whitespace === "collapse" ? trimXml(raw) : raw, el.name);
  if (problem) issues.push(error(problem.code, path, problem.message));
}

function checkMixed(el: OioElement, type: MixedType, path: string, ns: string, issues: Issue[]): void {
  const allowed = type.allowed();
  const seen = new Map<string, number>();
  for (const child of el.children) {
    if ("text" in child) continue;
    const n = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, n);
    const childPath = `${path}/${child.name}[${n}]`;
    if (!wrongNamespace(child, childPath, ns, issues)) {
      const childType = allowed[child.name];
      if (childType === undefined) {
        const names = Object.keys(allowed).join(", ");
        issues.push(error("oioxml-unexpected", childPath, `${el.name} (${type.xsd}) may hold text and ${names} only.`));
      } else checkElement(child, { name: child.name, type: childType, min: 0, max: Infinity }, childPath, ns, issues);
    }
  }
}

function wrongNamespace(child: OioElement, path: string, ns: string, issues: Issue[]): boolean {
  if (child.ns === ns) return false;
  issues.push(
    error(
      "oioxml-namespace",
      path,
      `${child.name} is in the namespace "${child.ns}"; MedCom's schema (elementFormDefault qualified) puts every element in "${ns}".`,
    ),
  );
  return true;
}

interface Slot {
  decl: ElementDecl;
  /** Position in the sequence: particle index × 100 + index inside a choice's branch. */
  position: number;
  choice?: { particle: number; branch: number };
}

/** The sequence's element declarations by name (the XSDs' choices never reuse a name). */
function slots(content: readonly Particle[]): Map<string, Slot> {
  const byName = new Map<string, Slot>();
  content.forEach((particle, p) => {
    if ("name" in particle) byName.set(particle.name, { decl: particle, position: p * 100 });
    else
      particle.choice.forEach((branch, b) =>
        branch.forEach((decl, i) =>
          byName.set(decl.name, { decl, position: p * 100 + i, choice: { particle: p, branch: b } }),
        ),
      );
  });
  return byName;
}

const slotCache = new WeakMap<ComplexType, Map<string, Slot>>();

function checkSequence(el: OioElement, type: ComplexType, path: string, ns: string, issues: Issue[]): void {
  let byName = slotCache.get(type);
  if (byName === undefined) slotCache.set(type, (byName = slots(type.content)));
  const counts = new Map<string, number>();
  let last: { position: number; name: string } | undefined;
  let orderReported = false;
  let textReported = false;
  for (const child of el.children) {
    if ("text" in child) {
      if (!textReported && trimXml(child.text) !== "") {
        textReported = true;
        issues.push(error("oioxml-unexpected", path, `${el.name} (${type.xsd}) holds elements only, not text.`));
      }
      continue;
    }
    const slot = byName.get(child.name);
    const n = (counts.get(child.name) ?? 0) + 1;
    const childPath = slot && slot.decl.max > 1 ? `${path}/${child.name}[${n}]` : `${path}/${child.name}`;
    // An element of the same name in another namespace is not the one the schema asks for: not counted.
    if (wrongNamespace(child, childPath, ns, issues)) continue;
    counts.set(child.name, n);
    if (slot === undefined) {
      issues.push(error("oioxml-unexpected", childPath, `${el.name} (${type.xsd}) has no element ${child.name}.`));
      continue;
    }
    if (last !== undefined && slot.position < last.position && !orderReported) {
      orderReported = true;
      issues.push(
        error("oioxml-order", childPath, `${child.name} must come before ${last.name} (the sequence of ${type.xsd}).`),
      );
    }
    if (last === undefined || slot.position >= last.position) last = { position: slot.position, name: child.name };
    if (n <= slot.decl.max) checkElement(child, slot.decl, childPath, ns, issues);
    else if (n === slot.decl.max + 1) issues.push(tooMany(childPath, slot.decl, el.name, type));
  }
  checkPresence(type, counts, path, el.name, issues);
}

const tooMany = (path: string, decl: ElementDecl, parent: string, type: ComplexType): Issue =>
  error(
    "oioxml-cardinality",
    path,
    `${parent} may hold ${decl.max === 1 ? "one" : `at most ${decl.max}`} ${decl.name} (${type.xsd}).`,
  );

/** Required elements present; of a choice, exactly one branch (or none when the choice is optional). */
function checkPresence(
  type: ComplexType,
  counts: ReadonlyMap<string, number>,
  path: string,
  parent: string,
  issues: Issue[],
): void {
  const missing = (decl: ElementDecl): void => {
    if (decl.min === 1 && !counts.get(decl.name))
      issues.push(error("oioxml-missing", `${path}/${decl.name}`, `${parent} must have ${decl.name} (${type.xsd}).`));
  };
  for (const particle of type.content) {
    if ("name" in particle) {
      missing(particle);
      continue;
    }
    const present = particle.choice.filter((branch) => branch.some((d) => counts.get(d.name)));
    const [first, second] = present;
    if (first === undefined) {
      if (particle.min === 1) {
        const names = particle.choice.map((b) => b[0]?.name ?? "").join(" or ");
        issues.push(
          error(
            "oioxml-missing",
            `${path}/${names.replaceAll(" or ", "|")}`,
            `${parent} must have ${names} (${type.xsd}).`,
          ),
        );
      }
    } else if (second !== undefined) {
      const a = first.find((d) => counts.get(d.name))?.name ?? "";
      const b = second.find((d) => counts.get(d.name))?.name ?? "";
      issues.push(
        error(
          "oioxml-unexpected",
          `${path}/${b}`,
          `${parent} has ${a} and ${b}; they are alternatives (xs:choice in ${type.xsd}).`,
        ),
      );
    } else first.forEach(missing);
  }
}

export type { OioNode };
