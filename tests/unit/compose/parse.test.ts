import { describe, expect, test } from "vitest";
import { parseComposeRequest } from "../../../src/medcom/compose/index.js";
import { readFixture } from "../../support/shared.js";

const valid = () => JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<string, unknown>;
const issuesOf = (input: unknown) => {
  const result = parseComposeRequest(input);
  return result.ok ? [] : result.issues.map((i) => `${i.path} ${i.code}`);
};

describe("compose requests", () => {
  test.each([
    "new-ppr-to-gp.json",
    "new-with-attachments.json",
    "new-other-with-topic.json",
    "new-regarding-referral-asap.json",
    "reply-gp-to-ppr.json",
    "forward-to-psychiatry.json",
  ])("the fixture %s is valid", (name) => {
    expect(issuesOf(JSON.parse(readFixture(`compose/${name}`)))).toEqual([]);
  });

  test("every problem is reported at once, each at its JSON pointer", () => {
    const input = {
      ...valid(),
      sender: "5790001348121",
      patient: { cpr: "3213001234", family: "" },
      category: "other",
      topic: undefined,
      priority: "asap",
      author: { given: "A", family: "B", role: "psykolog", phone: "call me" },
      attachments: [{ title: "x", contentType: "video/mp4", data: "not base64!" }],
      colour: "blue",
    };
    expect(issuesOf(input).sort()).toEqual(
      [
        "/sender gln",
        "/patient/cpr cpr",
        "/patient/family type",
        "/topic required",
        "/priority not-allowed",
        "/author/phone phone",
        "/attachments/0/data base64",
        "/attachments/0/contentType content-type",
        "/colour unknown-key",
      ].sort(),
    );
  });

  test("a reply needs inReplyTo and may leave out receiver and patient", () => {
    const { receiver: _r, patient: _p, ...rest } = valid();
    expect(issuesOf({ ...rest, kind: "reply" })).toEqual(["/inReplyTo required"]);
    expect(issuesOf({ ...rest, kind: "reply", inReplyTo: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" })).toEqual([]);
    // A message id is a lower-case UUID (issue 11, point 1): it becomes a Redis key.
    expect(issuesOf({ ...rest, kind: "reply", inReplyTo: "abc" })).toEqual(["/inReplyTo message-id"]);
  });

  test("an attachment has data or url, not both", () => {
    const input = {
      ...valid(),
      attachments: [{ title: "x", contentType: "application/pdf", data: "AAAA", url: "https://a.b/c" }],
    };
    expect(issuesOf(input)).toEqual(["/attachments/0 attachment-content"]);
  });
});
