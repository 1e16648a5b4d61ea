import { describe, expect, test } from "vitest";
import { healthOf } from "../../../src/usecases/admin/directory-health.js";
import {
  backlogOf,
  failedDeadlineEntries,
  reasonsOf,
  type FailureEntry,
} from "../../../src/usecases/admin/overview.js";
import { matches } from "../../../src/usecases/admin/search.js";
import type { MessageBrief } from "../../../src/domain/record.js";

const brief = (id: string, receiver: string, createdAt: string, extra: Partial<MessageBrief> = {}): MessageBrief => ({
  id,
  kind: "new",
  sender: { gln: "5790001348120", name: "PPR" },
  receiver: { gln: receiver, name: `R${receiver}` },
  status: "queued",
  createdAt,
  updatedAt: createdAt,
  deliveryAttempts: 0,
  resends: 0,
  ...extra,
});

const now = new Date("2026-12-02T12:00:00Z");

describe("backlog", () => {
  test("groups waiting messages per receiver, oldest first, with the oldest message and its age", () => {
    const backlog = backlogOf(
      [
        brief("a", "1", "2026-12-02T11:59:00Z"),
        brief("b", "2", "2026-12-02T11:00:00Z"),
        brief("c", "1", "2026-12-02T11:30:00Z"),
      ],
      now,
    );
    expect(backlog.map((b) => [b.receiver.gln, b.waiting, b.oldest.id, b.oldest.ageSeconds])).toEqual([
      ["2", 1, "b", 3600],
      ["1", 2, "c", 1800],
    ]);
  });

  test("is empty when nothing waits", () => {
    expect(backlogOf([], now)).toEqual([]);
  });
});

describe("failure reasons", () => {
  test("are counted and the most frequent comes first", () => {
    const f = (reason: string): FailureEntry => ({
      id: reason,
      kind: "new",
      receiver: { gln: "1", name: "R" },
      at: "2026-12-02T11:00:00Z",
      status: "failed",
      reason,
    });
    expect(reasonsOf([f("x"), f("y"), f("y")])).toEqual([
      { reason: "y", count: 2 },
      { reason: "x", count: 1 },
    ]);
  });
});

describe("failed acknowledgement deadlines", () => {
  test("are shown with their message id, send, reason, ISO time and error, in the order given", () => {
    const at = Date.parse("2026-12-02T11:00:00Z");
    expect(
      failedDeadlineEntries([
        { messageId: "m2", send: 1, reason: "transient-error", at: at + 1000, error: "b" },
        { messageId: "m1", send: 0, reason: "no-acknowledgement", at, error: "a" },
      ]),
    ).toEqual([
      { id: "m2", send: 1, reason: "transient-error", at: "2026-12-02T11:00:01.000Z", error: "b" },
      { id: "m1", send: 0, reason: "no-acknowledgement", at: "2026-12-02T11:00:00.000Z", error: "a" },
    ]);
  });
});

describe("delivery health", () => {
  test.each([
    [{ delivered: 0, retry: 0, rejected: 0 }, "idle"],
    [{ delivered: 5, retry: 0, rejected: 0 }, "ok"],
    [{ delivered: 5, retry: 1, rejected: 0 }, "degraded"],
    [{ delivered: 0, retry: 3, rejected: 1 }, "failing"],
  ] as const)("%o is %s", (last24h, health) => {
    expect(healthOf(last24h)).toBe(health);
  });
});

describe("message search filters", () => {
  const m = brief("a", "5790000209354", "2026-12-02T10:00:00Z", { category: "other", status: "failed" });
  test.each([
    [{ status: "failed" as const }, true],
    [{ status: "delivered" as const }, false],
    [{ receiver: "5790000209354" }, true],
    [{ sender: "5790000209354" }, false],
    [{ category: "other" }, true],
    [{ kind: "reply" as const }, false],
    [{ from: new Date("2026-12-02T10:00:00Z") }, true],
    [{ from: new Date("2026-12-02T10:00:01Z") }, false],
    [{ to: new Date("2026-12-02T09:59:59Z") }, false],
  ])("%o matches: %s", (filter, expected) => {
    expect(matches(m, { limit: 10, ...filter })).toBe(expected);
  });
});
