// Mutated MedCom examples, checked twice: our reader must refuse each with the expected code and path, and libxml2's
// xmllint must refuse it too against MedCom's XSD (a second opinion that the check is the XSD's). Some refusals are
// the gateway's own hardening or limits, stricter than the XSD: xmllint accepts those, and the case says so.
import { expect, test } from "vitest";
import { readOioxml } from "../../src/medcom/oioxml/index.js";
import { emessageXsd, legacyExample } from "./legacy-examples.js";
import { xmllintValidate } from "./xmllint.js";

export const XDIS91 = legacyExample("conversion-flows/Flow1-XDIS91_Ex_to_FHIR.xml").toString("utf8");
export const XBIN01 = legacyExample("conversion-flows/Flow1-XBIN01_Ex_to_FHIR.xml").toString("utf8");
export const XCTL03 = legacyExample("conversion-flows/Flow2-XCTL03_Ex_from_FHIR_XDIS91.xml").toString("latin1");
export const XCTL02 = legacyExample("os2korrespondance-fixtures/negative_receipt.xml").toString("latin1");

/** The bases with the EMessage.xsd they validate against. */
export const x = { base: XDIS91, schema: emessageXsd.xdis91 };
export const b = { base: XBIN01, schema: emessageXsd.xbin01 };
export const c3 = { base: XCTL03, schema: emessageXsd.xctl };
export const c2 = { base: XCTL02, schema: emessageXsd.xctl };

/** Replace the first occurrence, and fail loudly when the example no longer has it. */
export function replace(document: string, from: string, to: string): string {
  const at = document.indexOf(from);
  if (at === -1) throw new Error(`mutation target not found: ${from}`);
  return document.slice(0, at) + to + document.slice(at + from.length);
}

export interface Mutation {
  name: string;
  base: string;
  schema: string;
  mutate: (doc: string) => string;
  code: string;
  path: string;
  /** false: the gateway is stricter than the XSD here (hardening, limits); xmllint accepts the document. */
  xsdRefuses?: false;
}

/** One test per mutation: refused by us with code and path, and by xmllint unless `xsdRefuses` is false. */
export function testMutations(mutations: readonly Mutation[]): void {
  test.each(mutations.map((m) => [m.name, m] as const))("%s", (_name, m) => {
    const doc = m.mutate(m.base);
    const read = readOioxml(doc);
    expect(read.ok).toBe(false);
    expect(read.issues.map((i) => [i.code, i.path])).toContainEqual([m.code, m.path]);
    for (const issue of read.issues) {
      expect(issue.severity).toBe("error");
      expect(issue.message.length).toBeGreaterThan(20);
    }
    const lint = xmllintValidate(doc, m.schema);
    expect(lint.valid, lint.output).toBe(m.xsdRefuses === false);
  });
}
