// Issue 13, class 3: every reference resolved inside the Bundle leads to a resource its element's targetProfile
// allows (ElementDefinition.type.targetProfile, FHIR R4 elementdefinition.html; MedCom's profiles). The cases are
// generated from the derived tables (schemas/types.json) over every valid base the builder makes and every official
// example: each (profile, element with targetProfile) present is pointed at an entry of a disallowed type once.
import { describe, expect, test } from "vitest";
import type { Bundle, BundleEntry } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { Profile } from "../../../src/medcom/systems.js";
import { SOURCES, isObject, referenceSites, type Source } from "../../../test-fixtures/type-breakers/sites.js";

const typedSites = (source: Source) => referenceSites(source.make()).filter((s) => !s.rule.anyType);

const failures = (b: Bundle, rule: string, path: string): string[] => {
  const result = validateMessage(b);
  const hit = result.issues.some((i) => i.rule === rule && i.path === path && i.severity === "error");
  return hit && !result.valid ? [] : [`${rule} at ${path}; got ${JSON.stringify(result.issues.map((i) => i.rule))}`];
};

describe("reference targets (targetProfile)", () => {
  test("cases exist for every source and for many (profile, element) pairs", () => {
    const elements = new Set<string>();
    for (const source of SOURCES) {
      const sites = typedSites(source);
      expect(sites.length, source.name).toBeGreaterThan(0);
      for (const s of sites) elements.add(`${s.profile.name} ${s.rule.path}`);
    }
    expect(SOURCES.length).toBeGreaterThanOrEqual(15);
    expect(elements.size).toBeGreaterThanOrEqual(12);
  });

  test.each(SOURCES.map((s) => [s.name, s] as const))(
    "%s: each reference pointed at a disallowed type is refused at the element",
    (_name, source) => {
      const out: string[] = [];
      for (const site of typedSites(source)) {
        const b = source.make();
        const again = referenceSites(b).find((s) => s.node.path === site.node.path && s.rule.path === site.rule.path);
        const wrong = (b.entry ?? []).find(
          (e) => !site.rule.targets.some((t) => t.type === e.resource?.resourceType),
        ) as BundleEntry;
        if (!again || !isObject(again.node.value) || wrong.fullUrl === undefined) throw new Error("no case");
        again.node.value.reference = wrong.fullUrl;
        out.push(...failures(b, "reference-target-type", `${site.node.path}.reference`));
      }
      expect(out).toEqual([]);
    },
  );

  test.each(SOURCES.map((s) => [s.name, s] as const))(
    "%s: a messaging-organization reference to an Organization without a GLN is refused at the element",
    (_name, source) => {
      const out: string[] = [];
      const sites = typedSites(source).filter((s) =>
        s.rule.targets.every((t) => t.profile === Profile.messagingOrganization),
      );
      expect(sites.length).toBeGreaterThan(0);
      for (const site of sites) {
        const b = source.make();
        const again = referenceSites(b).find((s) => s.node.path === site.node.path && s.rule.path === site.rule.path);
        if (!again || !isObject(again.node.value)) throw new Error("no case");
        const target = b.entry?.[again.target.index];
        if (!target?.resource?.id || !target.fullUrl) throw new Error("no target");
        const id = "0f0e0d0c-0b0a-4909-8807-060504030201";
        const copy = structuredClone(target) as BundleEntry & {
          resource: { id: string; identifier?: { system?: string }[] };
        };
        copy.fullUrl = `${target.fullUrl.slice(0, target.fullUrl.lastIndexOf(target.resource.id))}${id}`;
        copy.resource.id = id;
        copy.resource.identifier = (copy.resource.identifier ?? []).filter((i) => !String(i.system).includes("gs1"));
        b.entry?.push(copy);
        again.node.value.reference = copy.fullUrl;
        // One fault, one issue: where the copy is itself judged as a MedComMessagingOrganization (it became a
        // header party), its missing GLN is reported there, at its identifier (cardinality.ts, the GLN slice) — the
        // element that lacks it; otherwise at the reference. Never at both.
        const copyAt = `Bundle.entry[${(b.entry?.length ?? 0) - 1}].resource.ofType(Organization).identifier`;
        const result = validateMessage(b);
        const atReference = result.issues.filter(
          (i) => i.rule === "reference-target-profile" && i.path === `${site.node.path}.reference`,
        ).length;
        const atTarget = result.issues.filter((i) => i.rule === "cardinality" && i.path === copyAt).length;
        if (result.valid || atReference + atTarget !== 1)
          out.push(`${site.node.path}: ${atReference} at the reference, ${atTarget} at ${copyAt}`);
      }
      expect(out).toEqual([]);
    },
  );

  test.each(SOURCES.map((s) => [s.name, s] as const))(
    "%s: a reference pointed at another entry of an allowed type is no target-type issue",
    (_name, source) => {
      const out: string[] = [];
      let variations = 0;
      for (const site of typedSites(source)) {
        const b = source.make();
        const again = referenceSites(b).find((s) => s.node.path === site.node.path && s.rule.path === site.rule.path);
        const other = (b.entry ?? []).find(
          (e, i) => i !== site.target.index && site.rule.targets.some((t) => t.type === e.resource?.resourceType),
        );
        if (!again || !isObject(again.node.value) || other?.fullUrl === undefined) continue;
        variations++;
        again.node.value.reference = other.fullUrl;
        const wrong = validateMessage(b).issues.filter(
          (i) => i.rule === "reference-target-type" && i.path === `${site.node.path}.reference`,
        );
        if (wrong.length > 0) out.push(`${site.node.path}: ${wrong[0]?.message ?? ""}`);
      }
      if (source.name.startsWith("cc")) expect(variations).toBeGreaterThan(0);
      expect(out).toEqual([]);
    },
  );

  test.each(SOURCES.filter((s) => s.name.startsWith("cc")).map((s) => [s.name, s] as const))(
    "%s: an unprofiled data type's reference follows R4 (Patient.identifier.assigner → Organization)",
    (_name, source) => {
      const b = source.make();
      const at = (b.entry ?? []).findIndex((e) => e.resource?.resourceType === "Patient");
      const org = (b.entry ?? []).find((e) => e.resource?.resourceType === "Organization");
      const patient = b.entry?.[at];
      const identifier = (patient?.resource as { identifier?: Record<string, unknown>[] }).identifier?.[0];
      if (!identifier || !org?.fullUrl || !patient?.fullUrl) throw new Error("no case");
      identifier.assigner = { reference: org.fullUrl };
      expect(validateMessage(b).issues).toEqual([]);
      identifier.assigner = { reference: patient.fullUrl };
      expect(
        failures(
          b,
          "reference-target-type",
          `Bundle.entry[${at}].resource.ofType(Patient).identifier[0].assigner.reference`,
        ),
      ).toEqual([]);
    },
  );
});
