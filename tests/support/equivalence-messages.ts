// The messages the speed-equivalence tests run old and new code over (tests/unit/validate/speed-equivalence.test.ts,
// tests/unit/readers/fingerprint-recipe.test.ts): every official FHIR example that reads, two composed letters, and a
// way to put odd members into a copy.
import { readFhir, sniffFormat } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { build, composeFixture } from "./build.js";
import { fhirExampleNames, readExample } from "./shared.js";

/** The official FHIR examples (those that read) and two composed letters, by name. */
export function officialAndComposedMessages(): [string, Bundle][] {
  const read: [string, Bundle][] = fhirExampleNames().flatMap((name): [string, Bundle][] => {
    const text = readExample(name);
    const parsed = readFhir(text, sniffFormat(text) ?? "xml");
    return parsed.ok ? [[name, parsed.value as Bundle]] : [];
  });
  const composed: [string, Bundle][] = ["new-ppr-to-gp.json", "new-with-attachments.json"].map((name) => [
    `composed ${name}`,
    build(composeFixture(name)),
  ]);
  return [...read, ...composed];
}

/** A copy of the message with its first resource after the MessageHeader changed (where odd members go). */
export function withFirstResourceChanged(bundle: Bundle, change: (resource: Record<string, unknown>) => void): Bundle {
  const copy = JSON.parse(JSON.stringify(bundle)) as Bundle;
  const resource = copy.entry?.[1]?.resource as unknown as Record<string, unknown> | undefined;
  if (resource) change(resource);
  return copy;
}
