// The contract's extensions (specific sender/recipient, encounter) and the checks every string and id must pass.
import { describe, expect, test } from "vitest";
import { parseComposeRequest } from "../../../src/medcom/compose/index.js";
import { roleCodeOf } from "../../../src/medcom/compose/codes.js";
import { readFixture } from "../../support/shared.js";

const fixture = (name: string) => JSON.parse(readFixture(`compose/${name}`)) as Record<string, unknown>;
const issuesOf = (input: unknown) => {
  const result = parseComposeRequest(input);
  return result.ok ? [] : result.issues.map((i) => `${i.path} ${i.code}`);
};

describe("compose request extensions", () => {
  test("the reply to a forward with a practitioner, a care team and an episode of care is valid", () => {
    expect(issuesOf(fixture("reply-to-forward.json"))).toEqual([]);
  });

  test("a specific party is a careTeam or a practitioner with given, family and role, not both", () => {
    const base = fixture("new-ppr-to-gp.json");
    expect(
      issuesOf({
        ...base,
        specificSender: { careTeam: "A", practitioner: { given: "B", family: "C", role: "psykolog" } },
        specificRecipient: { practitioner: { given: "B", role: "psykolog", title: "dr" } },
      }).sort(),
    ).toEqual(
      [
        "/specificSender specific-party",
        "/specificRecipient/practitioner/family required",
        "/specificRecipient/practitioner/title unknown-key",
      ].sort(),
    );
  });

  test("the encounter's class and status come from their value sets and system is a URI", () => {
    const base = fixture("reply-to-forward.json");
    const encounter = { episodeOfCare: "x-1", system: "not a uri", class: "OBSENC", status: "open" };
    expect(issuesOf({ ...base, encounter }).sort()).toEqual(
      [
        "/encounter/system episode-of-care",
        "/encounter/class encounter-class",
        "/encounter/status encounter-status",
      ].sort(),
    );
    expect(
      issuesOf({ ...base, encounter: { ...encounter, system: "urn:oid:1.2.3", class: "other", status: "finished" } }),
    ).toEqual([]);
  });

  test("text that XML cannot carry is refused where it is; tabs and line breaks are fine", () => {
    const base = fixture("new-ppr-to-gp.json");
    expect(issuesOf({ ...base, text: "a\tb\r\nc" })).toEqual([]);
    expect(issuesOf({ ...base, text: "bell \u0007", topic: "x\u0000" }).sort()).toEqual(
      ["/text character", "/topic character"].sort(),
    );
  });

  test("inReplyTo is a MessageHeader.id and unknown keys are named by JSON pointer", () => {
    const base = { ...fixture("reply-gp-to-ppr.json"), inReplyTo: "MessageHeader/abc", "a/b~c": 1 };
    expect(issuesOf(base).sort()).toEqual(["/a~1b~0c unknown-key", "/inReplyTo message-id"].sort());
  });
});

describe("roles", () => {
  test("a MedCom role code is recognised in any case; anything else stays free text", () => {
    expect(roleCodeOf("psykolog")).toBe("psykolog");
    expect(roleCodeOf(" Socialraadgiver ")).toBe("socialraadgiver");
    expect(roleCodeOf("Praktiserende læge")).toBeUndefined();
  });
});
