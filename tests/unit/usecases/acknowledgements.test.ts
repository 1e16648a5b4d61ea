// Pure parts of the acknowledgement work: the acknowledge request's checks, the transient-error backoff, and the
// reply statistics.
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { parseAcknowledgeRequest } from "../../../src/usecases/acknowledge/acknowledge-received.js";
import { transientBackoffMs } from "../../../src/usecases/steps/apply-acknowledgement.js";
import { replyStatistics } from "../../../src/usecases/admin/reply-stats.js";

const issuesOf = (body: unknown) => {
  try {
    parseAcknowledgeRequest(body);
    return [];
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return err.issues.map((i) => i.path);
  }
};

describe("the acknowledge request", () => {
  it("takes ok alone, and a negative code with issues", () => {
    expect(parseAcknowledgeRequest({ code: "ok" })).toEqual({ code: "ok", issues: [] });
    const issues = [{ code: "MSG_LOCAL_FAIL", message: "Systemfejl" }];
    expect(parseAcknowledgeRequest({ code: "transient-error", issues })).toEqual({ code: "transient-error", issues });
  });

  it("reports every problem with its JSON pointer", () => {
    expect(issuesOf({ code: "maybe", colour: 1 })).toEqual(["/colour", "/code"]);
    expect(issuesOf({ code: "fatal-error" })).toEqual(["/issues"]);
    expect(issuesOf({ code: "fatal-error", issues: [{ code: "has space", message: "" }] })).toEqual([
      "/issues/0/code",
      "/issues/0/message",
    ]);
    // A body that is not an object is reported once, at the body; its members are not asked for (the check was
    // hand-written before and reported a missing code as well; the schema check says only what is wrong).
    expect(issuesOf([])).toEqual([""]);
  });
});

describe("transient-error backoff", () => {
  it("doubles from a minute and never waits longer than the acknowledgement timeout", () => {
    expect([0, 1, 2, 3].map((n) => transientBackoffMs(n, 30))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(transientBackoffMs(10, 30)).toBe(30 * 60_000);
    expect(transientBackoffMs(0, 0.05)).toBe(3000);
  });
});

describe("reply statistics", () => {
  const letter = (id: string, receiver: string, createdAt: string, firstReplyAt?: string): MessageRecord => ({
    id,
    bundleId: id,
    kind: "new",
    sender: { gln: "5790001348120", name: "PPR" },
    receiver: { gln: receiver, name: receiver === "5790000209354" ? "Lægerne i Helsinge" : "BUC" },
    status: "delivered",
    createdAt,
    updatedAt: createdAt,
    deliveryAttempts: 1,
    resends: 0,
    submittedBy: "t",
    fingerprint: "f",
    ...(firstReplyAt ? { firstReplyAt } : {}),
  });

  it("gives per receiver the count, the answered, the median minutes and the oldest unanswered", () => {
    const stats = replyStatistics(
      [
        letter("a", "5790000209354", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z"),
        letter("b", "5790000209354", "2026-11-20T12:00:00Z", "2026-11-20T15:00:00Z"),
        letter("c", "5790000209354", "2026-11-21T08:00:00Z"),
        letter("d", "5790000209354", "2026-11-20T09:00:00Z"),
        letter("e", "5790001382445", "2026-11-22T09:00:00Z"),
      ],
      new Date("2026-11-22T10:00:00Z"),
    );
    expect(stats).toEqual([
      {
        gln: "5790001382445",
        name: "BUC",
        received: 1,
        answered: 0,
        oldestUnanswered: { id: "e", createdAt: "2026-11-22T09:00:00Z", ageMinutes: 60 },
      },
      {
        gln: "5790000209354",
        name: "Lægerne i Helsinge",
        received: 4,
        answered: 2,
        medianMinutesToAnswer: 120,
        oldestUnanswered: { id: "d", createdAt: "2026-11-20T09:00:00Z", ageMinutes: 2940 },
      },
    ]);
  });
});
