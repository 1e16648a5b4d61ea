// The validator NEVER throws, whatever shape the message has (CONTRACT.md §2: it accumulates every issue and decides
// once; a TypeError would turn a refusal with reasons into a 400 with an empty path, or a crash). A missing or
// malformed element is some check's to REPORT (cardinality, syntax…); every other check must walk past it. Run over
// every mutation of the differential corpus (tests/support/mutations.ts: removed, duplicated, emptied, nulled,
// wrong JSON types, …), in memory and as a JSON receiver reads it, and over every generated cardinality, syntax and
// extension/data-type case of issue 13.
import { describe, expect, test } from "vitest";
import { readFhir } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { cardinalityCases } from "../../../test-fixtures/cardinality-breakers/cases.js";
import { base, type BaseName } from "../../../test-fixtures/rule-breakers/cases.js";
import { syntaxCases } from "../../../test-fixtures/syntax-breakers/cases.js";
import { dataTypeCases, extensionCases } from "../../../test-fixtures/type-breakers/extension-cases.js";
import { SOURCES } from "../../../test-fixtures/type-breakers/sites.js";
import { readExampleBundle } from "../../support/messages.js";
import { corpus } from "../../support/mutations.js";
import { fhirExampleNames } from "../../support/shared.js";

const BUILDER: BaseName[] = ["cc-new", "cc-full", "cc-referral", "cc-reply", "ack-ok", "ack-fatal"];

/** Runs `judge`; a throw is a failure named by the case, with the first frame of its stack. */
function thrown(name: string, judge: () => unknown): string | undefined {
  try {
    judge();
    return undefined;
  } catch (e) {
    const stack = e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 2).join(" ") : String(e);
    return `${name}: ${stack}`;
  }
}

function validateJsonText(b: Bundle): void {
  const read = readFhir(JSON.stringify(b), "json");
  if (read.ok) validateMessage(read.value);
}

describe("the validator never throws", () => {
  test("on every mutation of the differential corpus (every base, in memory and read as JSON)", () => {
    const bases = [
      ...fhirExampleNames().map((name) => ({ name, bundle: readExampleBundle(name) })),
      ...BUILDER.map((name) => ({ name: `builder:${name}`, bundle: base(name) })),
    ];
    // More random picks than the differential test affords (medplum is its cost, not ours): shapes repeated in
    // other bases and other resources.
    const mutations = corpus(bases, { random: 3000, seed: 13 });
    expect(mutations.length).toBeGreaterThan(1000);
    const byName = new Map(bases.map((b) => [b.name, b.bundle]));
    const failures: string[] = [];
    for (const m of mutations) {
      const original = byName.get(m.base);
      if (!original) throw new Error(`no base ${m.base}`);
      const b = structuredClone(original);
      m.apply(b);
      const direct = thrown(`${m.name} (in memory)`, () => validateMessage(b));
      const json = thrown(`${m.name} (JSON)`, () => validateJsonText(b));
      for (const f of [direct, json]) if (f !== undefined) failures.push(f);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  test("on every generated cardinality case (breaking and valid variations)", () => {
    const cases = cardinalityCases();
    expect(cases.length).toBeGreaterThan(500);
    const failures = cases.flatMap((c) => {
      const b = c.bundle();
      c.mutate(b);
      return thrown(c.label, () => validateMessage(b)) ?? [];
    });
    expect(failures).toEqual([]);
  }, 300_000);

  test("on every generated syntax case (XML, JSON and in memory)", () => {
    const cases = syntaxCases();
    expect(cases.length).toBeGreaterThan(900);
    const failures = cases.flatMap(
      (c) =>
        thrown(c.name, () => {
          const { input } = c;
          if ("bundle" in input) validateMessage(input.bundle);
          else {
            const read = "xml" in input ? readFhir(input.xml, "xml") : readFhir(input.json, "json");
            if (read.ok) validateMessage(read.value);
          }
        }) ?? [],
    );
    expect(failures).toEqual([]);
  }, 300_000);

  test("on every generated extension and data-type profile case", () => {
    let count = 0;
    const failures = SOURCES.flatMap((source) =>
      [...extensionCases(source), ...dataTypeCases(source)].flatMap((c) => {
        count++;
        const b = source.make();
        c.mutate(b);
        return thrown(`${source.name}: ${c.name}`, () => validateMessage(b)) ?? [];
      }),
    );
    expect(count).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 300_000);

  test("on a legal null (a repeating primitive whose _name gives the item extensions) and on one past the cap", () => {
    const b = base("cc-new");
    const header = b.entry?.[0]?.resource as unknown as Record<string, Record<string, unknown>>;
    const meta = header.meta ?? {};
    meta.profile = [null];
    meta._profile = [{ extension: [{ url: "http://example.org/x", valueString: "x" }] }];
    expect(() => validateMessage(b)).not.toThrow();

    // A hundred unknown properties first, then a list where one value belongs: the shape fault is still found.
    const unknown: Record<string, unknown> = { resourceType: "Bundle" };
    for (let i = 0; i < 150; i++) unknown[`unknown${i}`] = "x"; // walked before entry
    const c: Record<string, unknown> = { ...unknown, ...(base("cc-new") as unknown as Record<string, unknown>) };
    const entry = (c.entry as Record<string, Record<string, unknown>>[])[1];
    if (entry?.resource) entry.resource.subject = [entry.resource.subject];
    const result = validateMessage(c as unknown as Bundle);
    // Answered with its syntax faults alone (type unknown), not walked by checks that expect FHIR's shapes.
    expect(result.type).toBe("unknown");
    expect(result.valid).toBe(false);
  });
});
