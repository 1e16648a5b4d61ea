// The time-zone rule (DOMAIN.md §1.11, MedCom 052.2) applies to dateTime/instant elements only: free text that
// merely starts like a date-time (a segment "2024-05-03T10:00 møde på skolen…", a topic) is a valid letter
// (issue 13, defect "false refusal").
import { describe, expect, test } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { build, composeFixture } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

const TEXT = "2024-05-03T10:00 møde på skolen med forældrene og klasselæreren.";
const TOPIC = "2024-05-03T10:00 møde";

interface Located {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits the JSON untyped
  r: Record<string, any>;
  at: string;
}

function communication(b: Bundle): Located {
  const i = (b.entry ?? []).findIndex((e) => e.resource?.resourceType === "Communication");
  return { r: b.entry?.[i]?.resource as Located["r"], at: `Bundle.entry[${i}].resource.ofType(Communication)` };
}

const zoneIssues = (b: Bundle) =>
  validateMessage(b)
    .issues.filter((i) => i.rule === "medcom-timestamp-timezone")
    .map((i) => i.path);

describe("time zones are required of dateTime and instant elements only", () => {
  test("a composed letter whose text and topic start like a date-time is valid", () => {
    const b = build(composeFixture("new-ppr-to-gp.json", { text: TEXT, topic: TOPIC }));
    const result = validateMessage(b);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("a raw letter (the official cc5-01) whose segment and topic start like a date-time is valid", () => {
    const b = readExampleBundle("cc5-01-new-message.xml");
    const c = communication(b);
    (c.r.payload as { contentString?: string }[]).forEach((p) => (p.contentString = TEXT));
    c.r.topic = { text: TOPIC };
    expect(zoneIssues(b)).toEqual([]);
    expect(validateMessage(b).valid).toBe(true);
  });

  test("a real dateTime without a zone is still refused at its path (Communication.sent)", () => {
    const b = build(composeFixture("new-ppr-to-gp.json", { text: TEXT }));
    const c = communication(b);
    c.r.sent = "2026-11-22T10:00:00";
    expect(zoneIssues(b)).toEqual([`${c.at}.sent`]);
    expect(validateMessage(b).valid).toBe(false);
  });

  test("a segment's date-time extension without a zone is refused at the extension's value", () => {
    const b = build(composeFixture("new-ppr-to-gp.json"));
    const c = communication(b);
    const segments = c.r.payload as { extension: { valueDateTime?: string }[] }[];
    const dateTime = segments[0]?.extension[0];
    if (dateTime) dateTime.valueDateTime = "2026-11-22T10:00:00";
    expect(zoneIssues(b)).toEqual([`${c.at}.payload[0].extension[0].valueDateTime`]);
  });

  test("a dateTime without time needs no zone", () => {
    const b = build(composeFixture("new-ppr-to-gp.json"));
    communication(b).r.sent = "2026-11-22";
    expect(zoneIssues(b)).toEqual([]);
  });
});
