// Issue 13 (class 6 and the defect "Forwarding a reply loses attachment data"): a forward carries its attachments'
// data (DOMAIN.md §1.6; cc5-04-forward.xml); only a reply may carry them by identifier alone (governance rule 6).
import { describe, expect, test } from "vitest";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { build, composeFixture, conversation, sequentialIds } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

const RULE = "medcom-carecommunication-forward-attachment";

const ruleIssues = (b: Bundle) => validateMessage(b).issues.filter((i) => i.rule === RULE);

describe("a forward's attachments carry data or a web link", () => {
  test("a forward built from a reply with id-only attachments is refused at the attachment", () => {
    const { replyWithAttachments } = conversation();
    const forward = build(composeFixture("forward-to-psychiatry.json"), replyWithAttachments, sequentialIds(600));
    const issues = ruleIssues(forward);
    expect(issues).toHaveLength(2);
    expect(issues.every((i) => i.severity === "error" && /payload\[\d+\]\.contentAttachment$/.test(i.path))).toBe(true);
    expect(validateMessage(forward).valid).toBe(false);
  });

  test("the official forward without its attachment's data is refused; as published it is valid", () => {
    const example = readExampleBundle("cc5-04-forward.xml");
    expect(validateMessage(example).valid).toBe(true);
    const broken = structuredClone(example);
    const communication = broken.entry?.find((e) => e.resource?.resourceType === "Communication")
      ?.resource as Communication;
    const index = (communication.payload ?? []).findIndex((p) => p.contentAttachment?.data !== undefined);
    expect(index).toBeGreaterThanOrEqual(0);
    const attachment = communication.payload?.[index]?.contentAttachment;
    if (attachment) delete attachment.data;
    const issues = ruleIssues(broken);
    expect(issues.map((i) => i.path)).toEqual([
      expect.stringMatching(new RegExp(`payload\\[${index}\\]\\.contentAttachment$`)),
    ]);
  });

  test("a reply with id-only attachments and a forward with data stay valid", () => {
    const { replyWithAttachments, forward } = conversation();
    expect(ruleIssues(replyWithAttachments)).toEqual([]);
    expect(ruleIssues(forward)).toEqual([]);
    expect(validateMessage(readExampleBundle("cc5-03-reply-attachment-by-id-only.xml")).valid).toBe(true);
  });
});
