// The one reference resolver (issue 11, point 2): FHIR R4 Bundle resolution (bundle.html §"Resolving references in
// Bundles"), checked case by case and against an independent implementation on every reference of every official
// MedCom example.
import { describe, expect, test } from "vitest";
import type { Bundle, Resource } from "../../../src/medcom/model/index.js";
import { BundleReferences, restfulParts } from "../../../src/medcom/references/bundle-references.js";
import { oracleResolve } from "../../support/fhir-bundle-oracle.js";
import { readExampleBundle } from "../../support/messages.js";
import { fhirExampleNames } from "../../support/shared.js";

const BASE = "https://medcomfhir.dk/ig/carecommunication/";
const org = (id: string): Resource => ({ resourceType: "Organization", id });
const header = (id = "h"): Resource => ({ resourceType: "MessageHeader", id });
const bundle = (...entries: { fullUrl?: string; resource: Resource }[]): Bundle => ({
  resourceType: "Bundle",
  type: "message",
  entry: entries,
});

describe("resolving a reference the FHIR way", () => {
  const b = new BundleReferences(
    bundle(
      { fullUrl: `${BASE}MessageHeader/h`, resource: header() },
      { fullUrl: `${BASE}Organization/a`, resource: org("a") },
      { fullUrl: "https://elsewhere.example/fhir/Organization/b", resource: org("b") },
      {
        fullUrl: "urn:uuid:00000000-0000-4000-8000-000000000001",
        resource: org("00000000-0000-4000-8000-000000000001"),
      },
      { fullUrl: "Organization/r", resource: org("r") },
    ),
  );
  const [h, , , urn, relative] = b.entries;

  test("a relative Type/id takes the root of the referencing entry's RESTful fullUrl", () => {
    expect(b.resolve("Organization/a", h)?.resource.id).toBe("a");
  });
  test("a relative reference does not reach an entry on another root (no suffix matching)", () => {
    expect(b.resolution("Organization/b", h)).toEqual({ ok: false, why: "not-found" });
  });
  test("an absolute reference is the fullUrl, wherever it is", () => {
    expect(b.resolve("https://elsewhere.example/fhir/Organization/b", h)?.resource.id).toBe("b");
    expect(b.resolution("https://other.example/Organization/a", h)).toEqual({ ok: false, why: "not-found" });
  });
  test("urn:uuid references resolve by fullUrl", () => {
    expect(b.resolve("urn:uuid:00000000-0000-4000-8000-000000000001", h)).toBe(urn);
  });
  test("a relative reference from an entry whose fullUrl is a urn:uuid has no meaning", () => {
    expect(b.resolution("Organization/a", urn)).toEqual({ ok: false, why: "no-meaning" });
    expect(b.resolution("Organization/a", undefined)).toEqual({ ok: false, why: "no-meaning" });
  });
  test("relative fullUrls (as MedCom's converted acknowledgement example has) are RESTful URLs with an empty root", () => {
    expect(b.resolve("Organization/r", relative)?.resource.id).toBe("r");
  });
  test("version-specific, malformed and empty references resolve to nothing", () => {
    for (const ref of ["Organization/a/_history/1", "Organization/", "/a", "a", "", "Organization/a b"])
      expect(b.resolve(ref, h)).toBeUndefined();
  });
  test("a fullUrl held by two entries makes a reference to it ambiguous", () => {
    const twice = new BundleReferences(
      bundle(
        { fullUrl: `${BASE}MessageHeader/h`, resource: header() },
        { fullUrl: `${BASE}Organization/a`, resource: org("a") },
        { fullUrl: `${BASE}Organization/a`, resource: org("a") },
      ),
    );
    expect(twice.resolution("Organization/a", twice.entries[0])).toEqual({ ok: false, why: "ambiguous" });
    expect(twice.duplicateFullUrls().map(([url]) => url)).toEqual([`${BASE}Organization/a`]);
    expect(twice.duplicateResources().map(([key]) => key)).toEqual(["Organization/a"]);
  });
  test("restfulParts splits root, type and id and refuses what is not a RESTful URL", () => {
    expect(restfulParts(`${BASE}Organization/a`)).toEqual({ root: BASE, type: "Organization", id: "a" });
    expect(restfulParts("Organization/a")).toEqual({ root: "", type: "Organization", id: "a" });
    for (const url of [
      "urn:uuid:x",
      "ftp://x/Organization/a",
      "https://Organization/a",
      `${BASE}Organization/a/_history/1`,
      "organization/a",
      `Organization/${"a".repeat(65)}`,
    ])
      expect(restfulParts(url)).toBeUndefined();
  });
});

describe("the resolver agrees with an independent reading of FHIR's rules", () => {
  test.each(fhirExampleNames())("every reference of %s", (name) => {
    const b = readExampleBundle(name);
    const refs = new BundleReferences(b);
    let compared = 0;
    for (const entry of refs.entries) {
      for (const reference of referencesIn(entry.resource)) {
        const oracle = oracleResolve(b, reference, entry.fullUrl);
        const ours = refs.resolution(reference, entry);
        expect(ours.ok ? ours.entry.resource : ours.why === "ambiguous" ? "ambiguous" : "none").toBe(oracle);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3);
  });
});

function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    key === "reference" && typeof child === "string" ? [child] : referencesIn(child),
  );
}
