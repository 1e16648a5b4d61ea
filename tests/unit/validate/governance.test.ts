// Issue 13, class 6: MedCom's governance rules, refused by the validator from the message alone (DOMAIN.md §1.9,
// §1.13 rules 5, 21, 22; §2.5; §3.3; §3.5 KR2) and FHIR R4's Attachment size/hash; each case breaks one rule of a
// valid message (the builder's or an official example) and must be refused at the element, with the rule's name.
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import {
  governanceBase,
  governanceBreakers,
  type GovernanceBase,
} from "../../../test-fixtures/rule-breakers/governance-cases.js";
import { conversation } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

const GOVERNANCE_RULES = new Set(governanceBreakers.map((c) => c.rule));

describe("MedCom governance rules", () => {
  test.each(governanceBreakers.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const bundle = governanceBase(c.base);
    c.mutate(bundle);
    const result = validateMessage(bundle);
    const found = result.issues.map((i) => ({ rule: i.rule, path: i.path, severity: i.severity }));
    expect(found).toContainEqual({ rule: c.rule, path: c.path(bundle), severity: "error" });
    expect(result.valid).toBe(false);
  });

  test.each([
    "cc-new",
    "cc-full",
    "cc-referral",
    "cc-reply",
    "cc-forward",
    "cc-reply-to-forward",
    "ack-ok",
    "ack-fatal",
  ] as GovernanceBase[])("the valid neighbour %s breaks no governance rule", (name) => {
    expect(validateMessage(governanceBase(name)).issues.filter((i) => GOVERNANCE_RULES.has(i.rule ?? ""))).toEqual([]);
  });

  test("every message of the builder's conversations stays valid, with no issue at all", () => {
    for (const [name, bundle] of Object.entries(conversation()))
      expect({ name, issues: validateMessage(bundle).issues }).toEqual({ name, issues: [] });
  });

  test("attachments whose size and hash agree with their data stay valid (also the official PDF)", () => {
    for (const bundle of [governanceBase("cc-full"), readExampleBundle("cc5-02-reply-with-pdf-attachment.xml")]) {
      const communication = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")
        ?.resource as Communication;
      let described = 0;
      for (const p of communication.payload ?? []) {
        const a = p.contentAttachment;
        if (a?.data === undefined) continue;
        const bytes = Buffer.from(a.data, "base64");
        a.size = bytes.length;
        a.hash = createHash("sha1").update(bytes).digest("base64");
        described++;
      }
      expect(described).toBeGreaterThan(0);
      expect(validateMessage(bundle).issues).toEqual([]);
    }
  });

  test("an attachment without data is not judged on size or hash (a link, or an earlier one by identifier)", () => {
    const bundle: Bundle = readExampleBundle("cc5-03-reply-attachment-by-id-only.xml");
    const communication = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")
      ?.resource as Communication;
    const a = (communication.payload ?? []).find((p) => p.contentAttachment)?.contentAttachment;
    if (!a) throw new Error("the example has an attachment");
    a.size = 37888;
    a.hash = "2jmj7l5rSw0yVb/vlWAYkK/YBwk=";
    expect(validateMessage(bundle).issues).toEqual([]);
  });
});
