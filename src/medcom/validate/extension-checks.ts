// Extensions (issue 13, class 4; FHIR R4 extensibility.html). One walk over every element of every resource:
// - a modifierExtension the profiles do not define is refused wherever it is: it changes the meaning of the element
//   that holds it, and a receiver must not process what it does not understand (extensibility.html §2.5.2;
//   MedCom defines no modifier extensions);
// - a known extension (a MedCom extension StructureDefinition in ../shared, derived into schemas/types.json) must
//   carry a value of an allowed type, no nested extensions where its definition has Extension.extension 0..0, the
//   nested extensions its definition slices, and what its value's profile requires (datatype-profiles.ts);
// - an unknown url in MedCom's own namespace is refused (every MedCom extension of these packages is known here: a
//   url MedCom does not define is a misspelling, as the HL7 validator finds it); other unknown plain extensions
//   may be ignored (extensibility.html §2.5.1) and are.
import { shownValue } from "../ids.js";
import type { Entry, ValidationContext } from "./context.js";
import { applyTypeProfile } from "./datatype-profiles.js";
import { knownProfileRules } from "./rules.js";
import { extensionDefinition, typeProfile, type ExtensionDefinition } from "./type-tables.js";

const MEDCOM_NAMESPACE = "http://medcomfhir.dk/ig/";
const UNDERSCORE = 95;

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** `valueDateTime` → `dateTime`, `valueReference` → `Reference`: the type code as the definitions write it. */
function typeCodeOf(key: string, def: ExtensionDefinition): string | undefined {
  const named = key.slice(5);
  for (const code of def.valueTypes) if (code.toLowerCase() === named.toLowerCase()) return code;
  return undefined;
}

const isValueKey = (key: string): boolean =>
  key.length > 5 && key.startsWith("value") && key.charCodeAt(5) >= 65 && key.charCodeAt(5) <= 90;

export function checkExtensions(ctx: ValidationContext): void {
  // The Bundle's own elements (Bundle and its entries are not resources of the message: no profile of theirs
  // defines extensions, but a modifier extension there still changes what the message means)…
  const bundle = ctx.bundle as unknown as JsonObject;
  for (const key of Object.keys(bundle)) if (key !== "entry") visitKey(ctx, undefined, bundle, key, ["Bundle"]);
  (ctx.bundle.entry ?? []).forEach((bundleEntry, i) => {
    if (!isObject(bundleEntry)) return;
    for (const key of Object.keys(bundleEntry)) {
      if (key !== "resource") visitKey(ctx, undefined, bundleEntry, key, [`Bundle.entry[${i}]`]);
    }
  });
  // …and every resource, where references in extensions resolve from the entry that holds them.
  for (const entry of ctx.entries) visit(ctx, entry, entry.resource, [entry.path]);
}

/**
 * `path` is the location as segments, joined only where an extension is found: building a string for every node of
 * every message would cost more than the whole walk.
 */
function visit(ctx: ValidationContext, entry: Entry | undefined, value: unknown, path: string[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(`[${i}]`);
      visit(ctx, entry, value[i], path);
      path.pop();
    }
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) visitKey(ctx, entry, value, key, path);
}

function visitKey(
  ctx: ValidationContext,
  entry: Entry | undefined,
  value: JsonObject,
  key: string,
  path: string[],
): void {
  const child = value[key];
  if (child === null || typeof child !== "object") return;
  // A primitive's extensions (`_birthDate` in JSON) belong to the element itself in FHIRPath.
  path.push(key.charCodeAt(0) === UNDERSCORE ? `.${key.slice(1)}` : `.${key}`);
  if (key === "modifierExtension") checkModifiers(ctx, child, path.join(""));
  else {
    if (key === "extension" && Array.isArray(child)) {
      const at = path.join("");
      for (let i = 0; i < child.length; i++) checkExtension(ctx, entry, child[i], `${at}[${i}]`);
    }
    visit(ctx, entry, child, path);
  }
  path.pop();
}

function checkModifiers(ctx: ValidationContext, list: unknown, at: string): void {
  const items = Array.isArray(list) ? list : [list];
  items.forEach((item, i) => {
    const url = isObject(item) && typeof item.url === "string" ? item.url : "";
    if (extensionDefinition(url)?.modifier === true) return;
    ctx.error(
      "modifier-extension-unknown",
      Array.isArray(list) ? `${at}[${i}]` : at,
      `The modifier extension ${shownValue(url)} is not defined by the MedCom profiles; a modifier changes the meaning of its element, so a receiver must refuse what it does not understand (FHIR R4 extensibility.html §2.5.2).`,
      "modifier-extension-unknown",
    );
  });
}

function checkExtension(ctx: ValidationContext, entry: Entry | undefined, ext: unknown, path: string): void {
  if (!isObject(ext) || typeof ext.url !== "string") return; // the url itself is required: a cardinality rule
  const def = extensionDefinition(ext.url);
  if (!def) {
    if (ext.url.startsWith(MEDCOM_NAMESPACE)) {
      ctx.error(
        "extension-unknown",
        `${path}.url`,
        `${shownValue(ext.url)} is not an extension MedCom defines (CareCommunication 5.0, Acknowledgement 2.0, Messaging 4.0, Core 3.0); check the url.`,
        "extension-unknown",
      );
    }
    return;
  }
  for (const key of Object.keys(ext)) {
    if (!isValueKey(key) || typeCodeOf(key, def) !== undefined) continue;
    ctx.error(
      "extension-value-type",
      `${path}.${key}`,
      `${def.name} takes a value of type ${[...def.valueTypes].join(" or ")}; found ${key}.`,
      "extension-value-type",
    );
  }
  checkNested(ctx, def, ext.extension, path);
  const profile = typeProfile(def.url);
  if (profile) applyTypeProfile(ctx, { value: ext, path }, profile, entry, true);
}

/** Extension.extension: none where the definition says 0..0, else the slices it defines (url, count, value type). */
function checkNested(ctx: ValidationContext, def: ExtensionDefinition, nested: unknown, path: string): void {
  if (!Array.isArray(nested) || nested.length === 0) return;
  // Extension.extension 0..0 is counted by cardinality.ts from the definition's tree (datatype-profiles.ts applies
  // it): reported here only for a definition the rule tables do not carry, so one fault gives one issue.
  if (def.extensionMax === "0" && knownProfileRules(def.url)) return;
  if (def.extensionMax === "0") {
    nested.forEach((_n, i) =>
      ctx.error(
        "extension-nested",
        `${path}.extension[${i}]`,
        `${def.name} has a value and no nested extensions (Extension.extension 0..0).`,
        "extension-nested",
      ),
    );
    return;
  }
  for (const slice of def.nested) {
    let count = 0;
    nested.forEach((n, i) => {
      if (!isObject(n) || n.url !== slice.url) return;
      count++;
      const bad = Object.keys(n).find(
        (k) => isValueKey(k) && !slice.valueTypes.some((t) => t.toLowerCase() === k.slice(5).toLowerCase()),
      );
      if (bad === undefined) return;
      ctx.error(
        "extension-value-type",
        `${path}.extension[${i}].${bad}`,
        `The nested extension ${shownValue(slice.url)} of ${def.name} takes a value of type ${slice.valueTypes.join(" or ")}; found ${bad}.`,
        "extension-value-type",
      );
    });
    const max = slice.max === "*" ? Infinity : Number(slice.max);
    if (count < slice.min || count > max) {
      ctx.error(
        "extension-nested",
        `${path}.extension`,
        `${def.name} holds ${slice.min}..${slice.max} nested extension(s) ${shownValue(slice.url)}; found ${count}.`,
        "extension-nested",
      );
    }
  }
}
