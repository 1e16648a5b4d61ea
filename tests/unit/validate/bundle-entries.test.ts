// The identity of every entry and the target of every reference (issue 11, points 1 and 2): FHIR ids, fullUrls that
// agree with their resource, no duplicates, references that lead to exactly one entry of the right type, and issue
// messages that never echo a long or hostile value in full.
import { describe, expect, test } from "vitest";
import type { Bundle, BundleEntry } from "../../../src/medcom/model/index.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { hostileResourceIds } from "../../../test-fixtures/hostile/core.js";
import { base } from "../../../test-fixtures/rule-breakers/cases.js";

const letter = () => base("cc-new");
const index = (b: Bundle, type: string) => (b.entry ?? []).findIndex((e) => e.resource?.resourceType === type);
const entry = (b: Bundle, type: string) => b.entry?.[index(b, type)] as BundleEntry;
const header = (b: Bundle) => b.entry?.[0]?.resource as unknown as Record<string, { reference: string }>;
const found = (b: Bundle) =>
  validateMessage(b).issues.map((i) => ({ code: i.code, rule: i.rule, path: i.path, message: i.message }));

describe("entries and references", () => {
  test("the valid letter has none of these issues", () => {
    expect(validateMessage(letter()).issues).toEqual([]);
  });

  test.each(hostileResourceIds.map((id) => [JSON.stringify(id.slice(0, 20)), id] as const))(
    "a resource id %s breaks FHIR's id rule",
    (_name, id) => {
      const b = letter();
      (entry(b, "Patient").resource as { id: string }).id = id;
      const at = index(b, "Patient");
      expect(found(b)).toContainEqual(
        expect.objectContaining({ rule: "fhir-id", path: `Bundle.entry[${at}].resource.ofType(Patient).id` }),
      );
      for (const issue of found(b)) expect(issue.message).not.toMatch(/[\r\n]/);
    },
  );

  test.each(["a/../../../../data/keys/keyring", "abc:def", "A0000000-0000-4000-8000-000000000001", "not-a-uuid"])(
    "the MessageHeader.id %s is not MedCom's UUID",
    (id) => {
      const b = letter();
      (b.entry?.[0]?.resource as { id: string }).id = id;
      expect(found(b)).toContainEqual(
        expect.objectContaining({ rule: "message-id", path: "Bundle.entry[0].resource.ofType(MessageHeader).id" }),
      );
    },
  );

  test.each(["a:b", "../../x", "x\r\ny"])("an acknowledgement's response.identifier %j is not a message id", (id) => {
    const ack = base("ack-ok");
    (ack.entry?.[0]?.resource as { response: { identifier: string } }).response.identifier = id;
    expect(found(ack)).toContainEqual(
      expect.objectContaining({
        code: "response-identifier",
        path: "Bundle.entry[0].resource.ofType(MessageHeader).response.identifier",
      }),
    );
    expect(describeMessage(ack).answers).toBeUndefined();
  });

  test("Bundle.id is a FHIR id too", () => {
    const b = letter();
    b.id = "a:b";
    expect(found(b)).toContainEqual(expect.objectContaining({ rule: "fhir-id", path: "Bundle.id" }));
  });

  test("every entry has a fullUrl", () => {
    const b = letter();
    delete entry(b, "Patient").fullUrl;
    const at = index(b, "Patient");
    expect(found(b)).toContainEqual(
      expect.objectContaining({ code: "bundle-fullurl", rule: "bundle-fullurl", path: `Bundle.entry[${at}].fullUrl` }),
    );
  });

  test("a fullUrl agrees with its resource's type and id", () => {
    const b = letter();
    const e = entry(b, "Patient");
    e.fullUrl = (e.fullUrl ?? "").replace("Patient/", "Organization/");
    expect(found(b)).toContainEqual(expect.objectContaining({ rule: "bundle-fullurl" }));
    const c = letter();
    entry(c, "Patient").fullUrl = "urn:uuid:00000000-0000-4000-8000-0000000000aa";
    expect(found(c)).toContainEqual(expect.objectContaining({ rule: "bundle-fullurl" }));
  });

  test("a fullUrl is not version-specific (bdl-8)", () => {
    const b = letter();
    const e = entry(b, "Patient");
    e.fullUrl = `${e.fullUrl ?? ""}/_history/1`;
    expect(found(b)).toContainEqual(expect.objectContaining({ rule: "bdl-8" }));
  });

  test("fullUrls are unique (bdl-7) and so are resources; a reference to a doubled one is ambiguous", () => {
    const b = letter();
    b.entry?.push(structuredClone(entry(b, "Patient")));
    const issues = found(b);
    const last = (b.entry?.length ?? 0) - 1;
    expect(issues).toContainEqual(expect.objectContaining({ rule: "bdl-7", path: `Bundle.entry[${last}].fullUrl` }));
    expect(issues).toContainEqual(
      expect.objectContaining({ rule: "bundle-resource-unique", path: `Bundle.entry[${last}].resource.id` }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: "reference-ambiguous", rule: "reference-bundled" }));
  });

  test("a reference leads to the type its profile allows", () => {
    const b = letter();
    const patient = entry(b, "Patient").resource?.id ?? "";
    header(b).sender = { reference: `Patient/${patient}` };
    (header(b) as unknown as { focus: { reference: string }[] }).focus = [{ reference: `Patient/${patient}` }];
    const issues = found(b).filter((i) => i.rule === "reference-target-type");
    expect(issues.map((i) => i.path)).toEqual([
      "Bundle.entry[0].resource.ofType(MessageHeader).sender.reference",
      "Bundle.entry[0].resource.ofType(MessageHeader).focus[0].reference",
    ]);
  });

  test("an unresolved reference is named short and escaped", () => {
    const b = letter();
    header(b).sender = { reference: `Organization/${"x".repeat(10_000)}\r\nInjected` };
    const issue = found(b).find((i) => i.code === "reference-unresolved");
    expect(issue?.rule).toBe("reference-bundled");
    expect(issue?.message.length).toBeLessThan(400);
    expect(issue?.message).not.toMatch(/[\r\n]|x{65}/);
  });

  test("identifier values are echoed short and escaped", () => {
    const b = letter();
    const org = entry(b, "Organization").resource as unknown as { identifier: { value: string }[] };
    for (const id of org.identifier) id.value = `${"9".repeat(10_000)}\r\n<script>`;
    const issues = found(b).filter((i) => ["gln-length", "sor-format"].includes(i.code));
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.message.length).toBeLessThan(300);
      expect(issue.message).not.toMatch(/[\r\n]|9{65}/);
    }
  });
});
