// Issue 11 sweep (point 2): a validator message that quotes a value from the message (a GLN, a SOR code, a segment
// id) shows it as shownValue does — cut to 64 characters with its length, control characters escaped — so a hostile
// value does not come back in full, or with line breaks, in an answer, a problem report or a fatal-error
// acknowledgement's OperationOutcome.
import { describe, expect, it } from "vitest";
import type { Communication, Organization } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { base } from "../../../test-fixtures/rule-breakers/cases.js";

const HOSTILE = `12\r\nX-Injected: 1 ${"9".repeat(5000)}`;

function messagesFor(mutate: (resources: Record<string, unknown>[]) => void): string[] {
  const bundle = base("cc-new");
  mutate((bundle.entry ?? []).map((e) => e.resource as unknown as Record<string, unknown>));
  return validateMessage(bundle).issues.map((i) => i.message);
}

const shownOk = (messages: string[]) => {
  const quoting = messages.filter((m) => m.includes("X-Injected"));
  expect(quoting.length).toBeGreaterThan(0);
  for (const m of quoting) {
    expect(m).not.toContain("\n");
    expect(m).not.toContain("\r");
    expect(m.length).toBeLessThan(300);
  }
};

describe("validator messages quoting a value from the message", () => {
  it("a GLN", () =>
    shownOk(
      messagesFor((resources) => {
        const org = resources.find((r) => r.resourceType === "Organization") as unknown as Organization;
        const gln = org.identifier?.find((i) => i.system?.includes("gln"));
        if (gln) gln.value = HOSTILE;
      }),
    ));

  it("a SOR code", () =>
    shownOk(
      messagesFor((resources) => {
        const org = resources.find((r) => r.resourceType === "Organization") as unknown as Organization;
        const sor = org.identifier?.find((i) => i.system === "urn:oid:1.2.208.176.1.1");
        if (sor) sor.value = HOSTILE;
      }),
    ));

  it("a conversation id", () =>
    shownOk(
      messagesFor((resources) => {
        const communication = resources.find((r) => r.resourceType === "Communication") as unknown as Communication;
        const identifier = communication.identifier?.[0];
        if (identifier) identifier.value = HOSTILE;
      }),
    ));
});
