// Issue 13, class 4: what a known extension and a profiled data type must contain (the extension and data-type
// StructureDefinitions in ../shared/medcom/profiles, derived into schemas/types.json), and unknown modifier
// extensions refused anywhere (FHIR R4 extensibility.html §2.5.2: a modifier extension the receiver does not
// understand means the element cannot be processed safely). Cases are generated over every valid base the builder
// makes and every official example.
import { describe, expect, test } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { ValidationContext } from "../../../src/medcom/validate/context.js";
import { readBundle } from "../../support/messages.js";
import { readExample } from "../../support/shared.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { SOURCES, isObject, type Json, type Source } from "../../../test-fixtures/type-breakers/sites.js";
import {
  at,
  dataTypeCases,
  extensionCases,
  type ExtensionCase,
} from "../../../test-fixtures/type-breakers/extension-cases.js";

/** Each resource, and the first item of each of its complex elements (BackboneElements and data types). */
function objectsOf(source: Source): string[] {
  const out: string[] = [];
  for (const entry of new ValidationContext(source.make()).entries) {
    out.push(entry.path);
    for (const [key, value] of Object.entries(entry.resource)) {
      if (key === "text" || key === "extension" || key === "modifierExtension") continue;
      if (Array.isArray(value) && isObject(value[0])) out.push(`${entry.path}.${key}[0]`);
      else if (isObject(value)) out.push(`${entry.path}.${key}`);
    }
  }
  return out;
}

function check(source: Source, cases: ExtensionCase[]): string[] {
  const failures: string[] = [];
  for (const c of cases) {
    const b = source.make();
    c.mutate(b);
    const result = validateMessage(b);
    const hit = result.issues.some(
      (i) => i.rule === c.rule && (i.path === c.path || i.path === c.alsoAt) && i.severity === "error",
    );
    if (!hit || result.valid)
      failures.push(
        `${c.name}: ${c.rule} at ${c.path}; got ${JSON.stringify(result.issues.map((i) => [i.rule, i.path]))}`,
      );
  }
  return failures;
}

const sources = SOURCES.map((s) => [s.name, s] as const);

describe("extension and data-type profiles", () => {
  test("cases exist for every extension definition used, in every source with extensions", () => {
    const kinds = new Set<string>();
    let dataTypes = 0;
    for (const source of SOURCES) {
      const cases = extensionCases(source);
      expect(cases.length, source.name).toBeGreaterThan(0);
      for (const c of cases) kinds.add(c.name);
      dataTypes += dataTypeCases(source).length;
    }
    // datetime, contact, identifier (+ its assigned identifier), author, destination use: each broken several ways
    expect(kinds.size).toBeGreaterThanOrEqual(20);
    expect(dataTypes).toBeGreaterThan(0);
  });

  test.each(sources)("%s: each known extension broken once is refused at the element", (_name, source) => {
    expect(check(source, extensionCases(source))).toEqual([]);
  });

  test.each(sources)("%s: each profiled data type broken once is refused at the element", (_name, source) => {
    expect(check(source, dataTypeCases(source))).toEqual([]);
  });

  test.each(sources)("%s: an unknown modifierExtension is refused on every resource and element", (_name, source) => {
    const cases = objectsOf(source).map((path) => ({
      name: `modifierExtension on ${path}`,
      rule: "modifier-extension-unknown",
      path: `${path}.modifierExtension[0]`,
      mutate: (b: Bundle) => {
        at(b, path).modifierExtension = [
          { url: "http://example.org/fhir/StructureDefinition/mod", valueBoolean: true },
        ];
      },
    }));
    expect(cases.length).toBeGreaterThan(10);
    expect(check(source, cases)).toEqual([]);
  });

  test.each(sources)("%s: an unknown plain extension anywhere is ignored (still valid, no issue)", (_name, source) => {
    const paths = objectsOf(source);
    const b = source.make();
    for (const path of paths) {
      const node = at(b, path);
      const list = Array.isArray(node.extension) ? (node.extension as unknown[]) : [];
      node.extension = [...list, { url: "http://example.org/fhir/StructureDefinition/note", valueString: "x" }];
    }
    expect(validateMessage(b).issues).toEqual([]);
  });

  test("a modifierExtension read from XML is refused too (the reader keeps it for the validator to judge)", () => {
    const xml = readExample("cc5-01-new-message.xml").replace(
      "</text>\n        <identifier>",
      '</text>\n        <modifierExtension url="http://example.org/fhir/StructureDefinition/mod"><valueBoolean value="true"/></modifierExtension>\n        <identifier>',
    );
    const b = readBundle(xml, "xml");
    const at = (b.entry ?? []).findIndex((e) => e.resource?.resourceType === "Patient");
    const result = validateMessage(b);
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        rule: "modifier-extension-unknown",
        path: `Bundle.entry[${at}].resource.ofType(Patient).modifierExtension[0]`,
      }),
    );
  });

  test.each(sources)("%s: an unknown modifierExtension on a Bundle entry is refused there", (_name, source) => {
    const b = source.make();
    const entry = b.entry?.[1] as unknown as Json;
    entry.modifierExtension = [{ url: "http://example.org/fhir/StructureDefinition/mod", valueBoolean: true }];
    const result = validateMessage(b);
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ rule: "modifier-extension-unknown", path: "Bundle.entry[1].modifierExtension[0]" }),
    );
  });
});
