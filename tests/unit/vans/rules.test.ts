// The receiver's envelope rules (LEGACY.md §5.2, MedCom's 032 Reliable Messaging VANSEnvelope): the decision table.
import { describe, expect, test } from "vitest";
import { type VansSeen, decideEnvelope } from "../../../src/medcom/vans/index.js";

const E1 = "11111111-1111-4111-8111-111111111111";
const E2 = "22222222-2222-4222-8222-222222222222";
const M1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const M2 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const receipt = { kind: "positive" };

describe("decideEnvelope", () => {
  test.each<
    [string, { envelopeIdentifier: string; messageIdentifier: string }, VansSeen<typeof receipt>, string, boolean]
  >([
    ["both new → process", { envelopeIdentifier: E1, messageIdentifier: M1 }, {}, "process", false],
    [
      "MessageIdentifier seen with a new EnvelopeIdentifier → resend the original receipt",
      { envelopeIdentifier: E2, messageIdentifier: M1 },
      { byMessage: { envelopeIdentifier: E1, receipt } },
      "resend-original-receipt",
      true,
    ],
    [
      "EnvelopeIdentifier reused with a new MessageIdentifier → refuse",
      { envelopeIdentifier: E1, messageIdentifier: M2 },
      { byEnvelope: { messageIdentifier: M1 } },
      "refuse",
      false,
    ],
    [
      "reused EnvelopeIdentifier with a new message, even when that message was seen elsewhere → refuse",
      { envelopeIdentifier: E1, messageIdentifier: M2 },
      { byEnvelope: { messageIdentifier: M1 }, byMessage: { envelopeIdentifier: E2, receipt } },
      "refuse",
      false,
    ],
    [
      "both seen → reprocess or ignore, answered as the first copy",
      { envelopeIdentifier: E1, messageIdentifier: M1 },
      { byEnvelope: { messageIdentifier: M1 }, byMessage: { envelopeIdentifier: E1, receipt } },
      "reprocess-or-ignore",
      true,
    ],
    [
      "identifiers compare without case",
      { envelopeIdentifier: E1, messageIdentifier: M1.toUpperCase() },
      { byEnvelope: { messageIdentifier: M1 } },
      "reprocess-or-ignore",
      false,
    ],
    [
      "message seen but no receipt cached yet",
      { envelopeIdentifier: E2, messageIdentifier: M1 },
      { byMessage: { envelopeIdentifier: E1 } },
      "resend-original-receipt",
      false,
    ],
  ])("%s", (_, incoming, seen, action, withReceipt) => {
    const decision = decideEnvelope(incoming, seen);
    expect(decision.action).toBe(action);
    expect(decision.rule).toContain("LEGACY.md §5.2");
    if (withReceipt) expect(decision.originalReceipt).toBe(receipt);
    else expect(decision).not.toHaveProperty("originalReceipt");
  });
});
