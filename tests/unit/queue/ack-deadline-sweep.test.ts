// The deadline sweep's decisions (queue/ack-deadline-sweep.ts) over an in-memory deadline set: each claimed deadline is
// run through resendUnanswered and settled by its outcome; batches are claimed until one comes back short; an error is
// reported to the set (which retries or records it) and logged. The Redis set itself: tests/integration/queue.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ACK_DEADLINE_BATCH, sweepAckDeadlines } from "../../../queue/ack-deadline-sweep.js";
import {
  deadlineMember,
  parseDeadlineMember,
  type AckDeadlines,
  type DeadlineRef,
} from "../../../queue/ack-deadlines.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { silentLogger } from "../../../src/log.js";
import type { DeadlineDeps } from "../../../src/usecases/resend/resend-unanswered.js";

function memoryDeadlines(due: DeadlineRef[]) {
  const settled: string[] = [];
  const claims: number[] = [];
  const deadlines: AckDeadlines = {
    schedule: () => Promise.resolve(),
    scheduleWrite: (ref) => ({ key: "due", member: ref.messageId, dueMs: 0 }),
    claim(limit) {
      claims.push(limit);
      return Promise.resolve(due.splice(0, limit));
    },
    done: (ref) => Promise.resolve(void settled.push(`done ${ref.messageId}`)).then(() => "done"),
    postpone: (ref, until) =>
      Promise.resolve(void settled.push(`postpone ${ref.messageId} ${until}`)).then(() => "postponed"),
    fail: (ref, error) => Promise.resolve(void settled.push(`fail ${ref.messageId} ${error}`)).then(() => "retry"),
    counts: () => Promise.resolve({ scheduled: due.length, claimed: 0, failed: 0 }),
    failures: () => Promise.resolve([]),
  };
  return { deadlines, settled, claims };
}

const NOW = Date.parse("2026-11-22T09:00:00Z");

function deps(records: Map<string, Partial<MessageRecord> | Error>): DeadlineDeps {
  return {
    store: {
      get: (id: string) => {
        const r = records.get(id);
        return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
      },
      content: () => Promise.resolve(undefined),
      transition: () => Promise.resolve("ok"),
    },
    handOver: () => Promise.resolve(),
    maxResends: 0,
    ackTimeoutMs: 60_000,
    newId: randomUUID,
    now: () => new Date(NOW),
    log: silentLogger(),
  } as unknown as DeadlineDeps;
}

const ref = (messageId: string, send = 0): DeadlineRef => ({ messageId, send, reason: "no-acknowledgement" });

describe("the acknowledgement deadline sweep", () => {
  it("settles each claimed deadline by its outcome", async () => {
    const records = new Map<string, Partial<MessageRecord> | Error>([
      // Due: no resends left (maxResends 0), so it is failed "no acknowledgement after 0 resends".
      [
        "due",
        {
          id: "due",
          status: "delivered",
          resends: 0,
          deliveredAt: new Date(NOW - 61_000).toISOString(),
          receiver: { gln: "5790000000000" } as MessageRecord["receiver"],
        },
      ],
      ["early", { id: "early", status: "delivered", resends: 0, deliveredAt: new Date(NOW - 1_000).toISOString() }],
      ["acked", { id: "acked", status: "acknowledged", resends: 0 }],
      ["broken", new Error("unreadable")],
    ]);
    const { deadlines, settled } = memoryDeadlines(["due", "early", "acked", "gone", "broken"].map((id) => ref(id)));
    const result = await sweepAckDeadlines(deadlines, deps(records));
    expect(result).toEqual({ resent: 0, failed: 1, skipped: 2, postponed: 1, errors: 1 });
    expect(settled.sort()).toEqual(
      ["done due", `postpone early ${NOW + 59_000}`, "done acked", "done gone", "fail broken unreadable"].sort(),
    );
  });

  it("claims batch after batch until one comes back short", async () => {
    const due = Array.from({ length: ACK_DEADLINE_BATCH * 2 + 1 }, () => ref(randomUUID()));
    const { deadlines, settled, claims } = memoryDeadlines(due);
    const result = await sweepAckDeadlines(deadlines, deps(new Map()));
    expect(result.skipped).toBe(ACK_DEADLINE_BATCH * 2 + 1);
    expect(settled).toHaveLength(ACK_DEADLINE_BATCH * 2 + 1);
    expect(claims).toEqual([ACK_DEADLINE_BATCH, ACK_DEADLINE_BATCH, ACK_DEADLINE_BATCH]);
  });

  it("goes on with the others when one cannot be settled (its claim lapses and is taken again)", async () => {
    const { deadlines } = memoryDeadlines([ref("a"), ref("b")]);
    let settledB = false;
    const flaky: AckDeadlines = {
      ...deadlines,
      done: (r) =>
        r.messageId === "a" ? Promise.reject(new Error("Redis gone")) : ((settledB = true), deadlines.done(r)),
    };
    await expect(sweepAckDeadlines(flaky, deps(new Map()))).resolves.toMatchObject({ skipped: 2 });
    expect(settledB).toBe(true);
  });
});

describe("a deadline's member", () => {
  it("holds the reason, the message id and the send, and reads back", () => {
    const r: DeadlineRef = { messageId: "7c1e0f9a-5d1c-4c1b-9d0e-2a4b6c8d0e1f", send: 2, reason: "transient-error" };
    expect(deadlineMember(r)).toBe("transient-error:7c1e0f9a-5d1c-4c1b-9d0e-2a4b6c8d0e1f:2");
    expect(parseDeadlineMember(deadlineMember(r))).toEqual(r);
  });

  it("reads nothing from what it did not write", () => {
    for (const m of ["", "x", ":id:0", "reason:id:", "reason::0", "reason:id:-1", "reason:id:1.5", "reason:0"])
      expect(parseDeadlineMember(m), m).toBeUndefined();
  });
});
