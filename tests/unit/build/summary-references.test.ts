// What the gateway records about a message is read with the one resolver (issue 11, point 2): the parties a FHIR
// receiver reads, the thread of the Communication the MessageHeader is about, and no answer to a message whose
// parties do not resolve to one Organization each.
import { describe, expect, test } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import type { Communication } from "../../../src/medcom/model/index.js";
import { attackedLetter, partyAttacks } from "../../../test-fixtures/hostile/core.js";
import { NOW, sequentialIds } from "../../support/build.js";
import { oracleParties } from "../../support/fhir-bundle-oracle.js";
import { base } from "../../../test-fixtures/rule-breakers/cases.js";

describe("the summary follows references the FHIR way", () => {
  test("the thread is the focus Communication's, not the first Communication's", () => {
    const b = base("cc-new");
    const focus = b.entry?.find((e) => e.resource?.resourceType === "Communication");
    const decoy = structuredClone(focus) as { fullUrl: string; resource: Communication };
    decoy.resource.id = "decoy";
    decoy.fullUrl = `${decoy.fullUrl.slice(0, decoy.fullUrl.lastIndexOf("/") + 1)}decoy`;
    decoy.resource.identifier = [{ value: "urn:uuid:00000000-0000-4000-8000-00000000dec0" }];
    b.entry?.splice(1, 0, decoy);
    expect(describeMessage(b).thread).toBe((focus?.resource as Communication).identifier?.[0]?.value);
  });

  test.each(partyAttacks.map((a, n) => [a.name, a, n] as const))(
    "%s: the summary's parties are the oracle's (or none)",
    (_name, attack, n) => {
      const b = attackedLetter(attack, 900 + n);
      const oracle = oracleParties(b);
      const { sender, receiver } = describeMessage(b);
      // Empty is "no party": the validator refuses such a message before anything uses the summary.
      expect(["", oracle.sender]).toContain(sender.gln);
      expect(["", oracle.receiver]).toContain(receiver.gln);
    },
  );

  test("no acknowledgement is built for a message whose sender is ambiguous", () => {
    const attack = partyAttacks.find((a) => a.name.startsWith("duplicate fullUrl"));
    if (!attack) throw new Error("attack missing");
    const message = attackedLetter(attack, 990);
    expect(() => buildAcknowledgement({ message, code: "fatal-error", newId: sequentialIds(7000), now: NOW })).toThrow(
      /sender and receiver/,
    );
  });
});
