// The speed changes of issue 17, point 3 keep their results: the walks and lookups as first written are kept here as
// references, and old and new are run side by side on every official example, composed letters, and the same
// messages with odd members (time stamps without a zone in extensions, `_` companions, lists, contained resources,
// unknown and made-up choice keys).
import { describe, expect, it } from "vitest";
import { DATATYPES } from "../../../schemas/fhir-r4/datatypes.js";
import resourceTable from "../../../schemas/fhir-r4/resources.json" with { type: "json" };
import {
  childTypeKey,
  isPrimitive,
  resolveElement,
  typeInfo,
  type ElementInfo,
  type TypeInfo,
} from "../../../src/medcom/fhir/elements.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { checkTimeZones } from "../../../src/medcom/validate/common-checks.js";
import { ValidationContext } from "../../../src/medcom/validate/context.js";
import { officialAndComposedMessages, withFirstResourceChanged } from "../../support/equivalence-messages.js";

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** resolveElement as first written: a new answer each call, choice keys tried type by type. */
function referenceResolve(info: TypeInfo, name: string): { element: ElementInfo; type: string } | undefined {
  const element = info.byName.get(name);
  if (element && !element.choice) return { element, type: element.types[0] ?? "string" };
  for (const choice of info.choices) {
    const base = choice.name.slice(0, -3);
    if (!name.startsWith(base) || name.length === base.length) continue;
    const suffix = name.slice(base.length);
    const primitive = suffix.charAt(0).toLowerCase() + suffix.slice(1);
    if (isPrimitive(primitive)) return { element: choice, type: primitive };
    if (typeInfo(suffix) || ["Timing", "Dosage", "DataRequirement", "TriggerDefinition"].includes(suffix))
      return { element: choice, type: suffix };
  }
  return undefined;
}

/** checkTimeZones' walk as first written (Object.entries, a closure per list, every element's path written). */
function referenceTimeZones(ctx: ValidationContext): string[] {
  const found: string[] = [];
  const HAS_TIME = /^\d{4}-\d{2}-\d{2}T/;
  const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;
  const visitResource = (resource: unknown, path: string): void => {
    if (!isObject(resource) || typeof resource.resourceType !== "string") return;
    const info = typeInfo(resource.resourceType);
    if (info?.isResource) visitTyped(info, resource, path);
  };
  const visitTyped = (info: TypeInfo, node: JsonObject, path: string): void => {
    for (const [key, value] of Object.entries(node)) {
      if (key === "resourceType") continue;
      if (key.startsWith("_")) {
        visitPrimitiveElement(value, `${path}.${key.slice(1)}`);
        continue;
      }
      const resolved = referenceResolve(info, key);
      if (!resolved) continue;
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        const at = Array.isArray(value) ? `${path}.${key}[${i}]` : `${path}.${key}`;
        visitValue(info, resolved.element, resolved.type, item, at);
      });
    }
  };
  const visitValue = (parent: TypeInfo, element: ElementInfo, type: string, value: unknown, path: string): void => {
    if (type === "dateTime" || type === "instant") {
      if (typeof value === "string" && HAS_TIME.test(value) && !HAS_ZONE.test(value)) found.push(path);
      return;
    }
    if (isPrimitive(type) || !isObject(value)) return;
    if (type === "Resource") return visitResource(value, path);
    const child = typeInfo(childTypeKey(parent, element, type));
    if (child) visitTyped(child, value, path);
  };
  const visitPrimitiveElement = (value: unknown, path: string): void => {
    const extension = typeInfo("Extension");
    if (!extension) return;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      if (!isObject(item) || !Array.isArray(item.extension)) return;
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      item.extension.forEach((ext, j) => {
        if (isObject(ext)) visitTyped(extension, ext, `${at}.extension[${j}]`);
      });
    });
  };
  for (const entry of ctx.entries) visitResource(entry.resource, entry.path);
  if (ctx.bundle.timestamp !== undefined && !HAS_ZONE.test(ctx.bundle.timestamp)) found.push("Bundle.timestamp");
  return found;
}

const NO_ZONE = "2024-05-03T10:00:00";

/** The message with odd members: zone-less times in extensions, companions, lists and a contained resource. */
function withOddMembers(bundle: Bundle): Bundle {
  const copy = withFirstResourceChanged(bundle, (resource) => {
    const ext = (url: string) => ({ url, valueDateTime: NO_ZONE });
    resource.extension = [
      ...((resource.extension as unknown[] | undefined) ?? []),
      ext("http://x/a"),
      ext("http://x/b"),
    ];
    resource._status = { extension: [ext("http://x/c"), { url: "http://x/d", valuePeriod: { start: NO_ZONE } }] };
    resource._madeUp = [null, { extension: [ext("http://x/e")] }];
    resource.valueMadeUp = NO_ZONE;
    resource.contained = [{ resourceType: "Provenance", recorded: NO_ZONE, occurredDateTime: NO_ZONE, target: [] }];
    resource.unknownElement = { effectiveDateTime: NO_ZONE };
  });
  copy.timestamp = NO_ZONE;
  return copy;
}

function messages(): [string, Bundle][] {
  const all = officialAndComposedMessages();
  return [
    ...all,
    ...all.map(([name, bundle]): [string, Bundle] => [`${name} with odd members`, withOddMembers(bundle)]),
  ];
}

/** Every key of every object in the messages, and made-up ones. */
function keysIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysIn(item, found);
  else if (isObject(value))
    for (const [key, member] of Object.entries(value)) {
      found.add(key);
      keysIn(member, found);
    }
  return found;
}

describe("speed changes keep their results (issue 17, point 3)", () => {
  const all = messages();

  it("reads enough messages to mean something", () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
  });

  it.each(all)("%s: checkTimeZones finds what the walk as first written found", (name, bundle) => {
    const ctx = new ValidationContext(bundle);
    checkTimeZones(ctx);
    // The odd members hold zone-less times the walk must reach: the extensions, a companion's, the contained one's.
    if (name.endsWith("with odd members")) expect(ctx.issues.length).toBeGreaterThanOrEqual(6);
    expect(ctx.issues.map((i) => i.path)).toEqual(referenceTimeZones(new ValidationContext(bundle)));
    expect(ctx.issues.every((i) => i.code === "timestamp-timezone")).toBe(true);
  });

  it("resolveElement answers as first written, for every type and every key met or made up (asked twice)", () => {
    const keys = new Set(["value", "value[x]", "valueFoo", "valueString", "valuestring", "constructor", "__proto__"]);
    for (const [, bundle] of all) keysIn(bundle, keys);
    const types = [...Object.keys(resourceTable), ...Object.keys(DATATYPES), "Element"];
    let compared = 0;
    for (const type of types) {
      const info = typeInfo(type);
      if (!info) continue;
      for (const key of [...keys, ...info.elements.map((e) => e.name)]) {
        const expected = referenceResolve(info, key);
        expect(resolveElement(info, key)).toEqual(expected);
        expect(resolveElement(info, key)).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });
});
