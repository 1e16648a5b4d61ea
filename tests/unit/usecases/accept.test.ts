// The one accept step (issue 14, point 2), for letters and acknowledgements: a new message is stored with its audit
// entry pending, then the entry is settled and the message handed over; a duplicate is left to the story that knows
// how to answer it; once stored, nothing turns the answer into an error.
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/config/schema.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { silentLogger } from "../../../src/log.js";
import type { AuditEntry } from "../../../src/store/audit-log.js";
import type { AcceptInput, AcceptResult } from "../../../src/domain/ports/index.js";
import type { UseCaseDeps } from "../../../src/usecases/deps.js";
import { acceptMessage, type Acceptance } from "../../../src/usecases/steps/accept.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";

const record: MessageRecord = {
  id: "00000000-0000-4000-8000-000000000001",
  bundleId: "00000000-0000-4000-8000-000000000002",
  kind: "new",
  sender: { gln: "5790001348120", name: "PPR" },
  receiver: { gln: "5790000209354", name: "GP" },
  status: "accepted",
  createdAt: "2026-11-22T09:00:00.000Z",
  updatedAt: "2026-11-22T09:00:00.000Z",
  deliveryAttempts: 0,
  resends: 0,
  submittedBy: "ppr",
  fingerprint: "f",
};

const acceptance = (over: Partial<Acceptance> = {}): Acceptance => ({
  record,
  content: build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(1)),
  audit: { client: "ppr", action: "submit", messageId: record.id, detail: "accepted" },
  retry: "none",
  handOver: true,
  ...over,
});

function fakes(stored: AcceptResult, options: { handOverFails?: boolean; settleFails?: boolean } = {}) {
  const calls = { accepted: [] as AcceptInput[], settled: 0, handedOver: [] as [string, number][] };
  const deps = {
    store: {
      accept: (input: AcceptInput) => {
        calls.accepted.push(input);
        return Promise.resolve(stored);
      },
    },
    auditLog: {
      settle: () => {
        calls.settled += 1;
        return options.settleFails ? Promise.reject(new Error("redis away")) : Promise.resolve();
      },
    },
    auditEntry: (e: object) => ({ ...e, at: "2026-11-22T09:00:00.000Z" }) as AuditEntry,
    handOver: (id: string, send: number) => {
      calls.handedOver.push([id, send]);
      return options.handOverFails ? Promise.reject(new Error("queue away")) : Promise.resolve();
    },
    policy: DEFAULT_POLICY,
    log: silentLogger(),
  } as unknown as UseCaseDeps;
  return { deps, calls };
}

describe("acceptMessage", () => {
  it("stores a new message with its audit entry, settles the entry and hands it over as send 0", async () => {
    const { deps, calls } = fakes({ outcome: "accepted", id: record.id });
    expect(await acceptMessage(acceptance(), deps)).toEqual({ outcome: "accepted", id: record.id });
    expect(calls.accepted).toHaveLength(1);
    expect(calls.accepted[0]?.audit).toMatchObject({ action: "submit", detail: "accepted" });
    expect(calls.accepted[0]?.retentionSeconds).toBe(DEFAULT_POLICY.retentionDays * 24 * 3600);
    expect(calls.settled).toBe(1);
    expect(calls.handedOver).toEqual([[record.id, 0]]);
  });

  it("keeps an acknowledgement nobody waits for without handing it over", async () => {
    const { deps, calls } = fakes({ outcome: "accepted", id: record.id });
    await acceptMessage(acceptance({ handOver: false }), deps);
    expect(calls.handedOver).toEqual([]);
  });

  it("leaves a duplicate to its story: nothing settled, nothing handed over", async () => {
    const { deps, calls } = fakes({ outcome: "duplicate", id: record.id, fingerprint: "other" });
    expect(await acceptMessage(acceptance(), deps)).toEqual({
      outcome: "duplicate",
      id: record.id,
      fingerprint: "other",
    });
    expect([calls.settled, calls.handedOver.length]).toEqual([0, 0]);
  });

  it("takes its own id found stored (the store ran twice) for the message it accepted", async () => {
    const { deps, calls } = fakes({ outcome: "duplicate", id: record.id, fingerprint: "f" });
    expect(await acceptMessage(acceptance({ minted: true }), deps)).toEqual({ outcome: "accepted", id: record.id });
    expect(calls.handedOver).toEqual([[record.id, 0]]);
  });

  it("answers without waiting for the audit move and the hand-over when the process tracks them (issue 17, point 3)", async () => {
    const { deps, calls } = fakes({ outcome: "accepted", id: record.id });
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => (release = r));
    const handedOver: string[] = [];
    deps.handOver = async (id) => {
      await gate;
      handedOver.push(id);
    };
    const tracked: Promise<void>[] = [];
    deps.afterAnswer = (work) => tracked.push(work);
    expect(await acceptMessage(acceptance(), deps)).toEqual({ outcome: "accepted", id: record.id });
    expect([tracked.length, handedOver.length, calls.settled]).toEqual([1, 0, 1]);
    release();
    await tracked[0];
    expect(handedOver).toEqual([record.id]);
  });

  it("hands failing steps to the tracker as a work that resolves (their failures are logged, not thrown)", async () => {
    const { deps } = fakes({ outcome: "accepted", id: record.id }, { handOverFails: true, settleFails: true });
    const tracked: Promise<void>[] = [];
    deps.afterAnswer = (work) => tracked.push(work);
    expect(await acceptMessage(acceptance(), deps)).toEqual({ outcome: "accepted", id: record.id });
    await expect(tracked[0]).resolves.toBeUndefined();
  });

  it("answers accepted although the audit move and the hand-over fail: the drainer and the outbox take over", async () => {
    const { deps } = fakes({ outcome: "accepted", id: record.id }, { handOverFails: true, settleFails: true });
    expect(await acceptMessage(acceptance(), deps)).toEqual({ outcome: "accepted", id: record.id });
  });
});
