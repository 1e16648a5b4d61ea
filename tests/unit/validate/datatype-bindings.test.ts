// FHIR R4's required bindings on data-type elements (Narrative.status, Identifier.use, ContactPoint.system/use,
// HumanName.use, Address.use/type, Quantity.comparator…; terminologies.html §4.1 "required"), derived from R4's
// data-type definitions (scripts/derive/bindings.ts): a code outside the value set is refused wherever the data type
// occurs — also where no MedCom snapshot expands the element (the acknowledgement's MessageHeader.text.status) —
// and reported once, with the issue at the element.
import { describe, expect, test } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { readExampleBundle } from "../../support/messages.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Which codes of which data types the walk below mutates: the data type is known from the element holding it. */
const CODE_KEYS: Record<string, string[]> = {
  text: ["status"],
  identifier: ["use"],
  valueIdentifier: ["use"],
  telecom: ["system", "use"],
  valueContactPoint: ["system", "use"],
  name: ["use"],
  address: ["use", "type"],
};

interface Site {
  node: Json;
  key: string;
  path: string;
}

/** Every present data-type code the corpus holds, in the validator's path notation. */
function sites(bundle: Bundle): Site[] {
  const out: Site[] = [];
  const visit = (value: unknown, path: string, holder: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`, holder));
    if (!isObject(value)) return;
    for (const key of CODE_KEYS[holder] ?? [])
      if (typeof value[key] === "string") out.push({ node: value, key, path: `${path}.${key}` });
    for (const [key, child] of Object.entries(value)) {
      const rt = isObject(child) && typeof child.resourceType === "string" ? `.ofType(${child.resourceType})` : "";
      visit(child, `${path}.${key}${rt}`, key);
    }
  };
  visit(bundle, "Bundle", "");
  return out;
}

const EXAMPLES = [
  "cc5-01-new-message.xml",
  "cc5-new-replacement-cpr.xml",
  "cc5-new-all-optional-content-priority-encounter-recipient.xml",
  "ack2-fatal-error.xml",
  "ack2-ok.xml",
];

const bindingIssues = (bundle: Bundle, path: string) =>
  validateMessage(bundle).issues.filter((i) => i.code === "code-not-in-value-set" && i.path === path);

describe("required bindings of R4 data types", () => {
  for (const name of EXAMPLES) {
    const count = sites(readExampleBundle(name)).length;
    test(`${name}: every data-type code outside its value set is refused once, at the element (${count} sites)`, () => {
      expect(count).toBeGreaterThan(2);
      for (let n = 0; n < count; n++) {
        const bundle = readExampleBundle(name);
        const site = sites(bundle)[n] as Site;
        site.node[site.key] = "bogus";
        const result = validateMessage(bundle);
        const found = result.issues.filter((i) => i.code === "code-not-in-value-set" && i.path === site.path);
        expect(result.valid, site.path).toBe(false);
        expect(found, site.path).toHaveLength(1);
        expect(found[0]?.rule).toBe("binding");
        expect(found[0]?.message).toMatch(/\.$/);
      }
    });
  }

  test("an element the examples leave out is checked too (HumanName.use on a Practitioner)", () => {
    const bundle = readExampleBundle("cc5-01-new-message.xml");
    const index = (bundle.entry ?? []).findIndex((e) => e.resource?.resourceType === "Practitioner");
    const practitioner = bundle.entry?.[index]?.resource as unknown as { name: Json[] };
    (practitioner.name[0] as Json).use = "nick";
    const path = `Bundle.entry[${index}].resource.ofType(Practitioner).name[0].use`;
    expect(bindingIssues(bundle, path)).toHaveLength(1);
    (practitioner.name[0] as Json).use = "nickname";
    expect(bindingIssues(bundle, path)).toHaveLength(0);
    expect(validateMessage(bundle).valid).toBe(true);
  });

  test("every code of the value set is accepted (narrative-status)", () => {
    for (const status of ["generated", "extensions", "additional", "empty"]) {
      const bundle = readExampleBundle("ack2-fatal-error.xml");
      ((bundle.entry?.[0]?.resource as unknown as Json).text as Json).status = status;
      expect(bindingIssues(bundle, "Bundle.entry[0].resource.ofType(MessageHeader).text.status")).toHaveLength(0);
    }
  });

  test("a code a complete MedCom CodeSystem does not define is refused whatever the binding (PractitionerRole.code)", () => {
    // MedComCorePractitionerRole binds code with strength `example`, but the coding names the complete CodeSystem
    // medcom-core-PractitionerRolesSKSadministrativ: "not-a-code" is no concept of it.
    const bundle = readExampleBundle("cc5-01-new-message.xml");
    const index = (bundle.entry ?? []).findIndex((e) => e.resource?.resourceType === "PractitionerRole");
    const role = bundle.entry?.[index]?.resource as unknown as { code: { coding: Json[] }[] };
    const coding = role.code[0]?.coding[0] as Json;
    const path = `Bundle.entry[${index}].resource.ofType(PractitionerRole).code[0].coding[0]`;
    coding.code = "not-a-code";
    const result = validateMessage(bundle);
    expect(result.valid).toBe(false);
    expect(result.issues.filter((i) => i.path === path).map((i) => i.code)).toEqual(["code-not-in-code-system"]);
    coding.code = "overlaege";
    expect(validateMessage(bundle).valid).toBe(true);
  });

  test("a wrong code under a required MedCom binding is reported once (binding and code system agree)", () => {
    const bundle = readExampleBundle("cc5-01-new-message.xml");
    const communication = bundle.entry?.[2]?.resource as unknown as { category: { coding: Json[] }[] };
    (communication.category[0]?.coding[0] as Json).code = "not-a-code";
    const path = "Bundle.entry[2].resource.ofType(Communication).category[0].coding[0]";
    expect(validateMessage(bundle).issues.filter((i) => i.path === path)).toHaveLength(1);
  });
});
