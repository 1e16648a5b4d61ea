// The administrator's retry and resend through fake dependencies: what each status allows, and a content that has
// expired named as such rather than as a status problem.
import { describe, expect, test } from "vitest";
import type { Caller } from "../../../src/access/clients.js";
import { GatewayError } from "../../../src/errors.js";
import { silentLogger } from "../../../src/log.js";
import type { Counters } from "../../../src/domain/ports/index.js";
import type { MessageStore } from "../../../src/domain/ports/index.js";
import type { OutboxParking } from "../../../src/domain/ports/index.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { adminSendAgain } from "../../../src/usecases/admin/send-again.js";
import type { AuditEvent } from "../../../src/usecases/deps.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";

const admin: Caller = { id: "ops", locations: new Set(), roles: new Set(["admin"]), requestsPerMinute: 1000 };
const record = (status: MessageRecord["status"], kind: MessageRecord["kind"] = "new"): MessageRecord => ({
  id: "m1",
  bundleId: "b1",
  kind,
  sender: { gln: "5790001348120", name: "PPR" },
  receiver: { gln: "5790000209354", name: "GP" },
  status,
  createdAt: "2026-12-02T10:00:00Z",
  updatedAt: "2026-12-02T10:00:00Z",
  deliveryAttempts: 1,
  resends: 0,
  submittedBy: "ppr",
  fingerprint: "f",
});

function fakes(current: MessageRecord, content: string | undefined) {
  const handedOver: [string, number][] = [];
  const audited: AuditEvent[] = [];
  const released: string[] = [];
  const store = {
    get: () => Promise.resolve(current),
    content: () => Promise.resolve(content),
    transition: () => Promise.resolve("ok" as const),
  } as Pick<MessageStore, "get" | "content" | "transition"> as MessageStore;
  return {
    handedOver,
    audited,
    released,
    deps: {
      outboxParking: {
        release: (id: string) => Promise.resolve(released.push(id) > 0),
      } as Pick<OutboxParking, "release"> as OutboxParking,
      store,
      handOver: (id: string, send: number) => Promise.resolve(void handedOver.push([id, send])),
      counters: { resend: () => Promise.resolve() } as Pick<Counters, "resend"> as Counters,
      audit: (e: AuditEvent) => Promise.resolve(void audited.push(e)),
      newId: sequentialIds(900),
      now: () => new Date("2026-12-02T11:00:00Z"),
      log: silentLogger(),
    },
  };
}

const letter = () => JSON.stringify(build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(100)));
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "sent",
    (err: unknown) => (err instanceof GatewayError ? `${err.kind} ${err.issues[0]?.code ?? ""}` : String(err)),
  );

describe("admin retry and resend", () => {
  test("a retry releases a message the outbox parked (issue 11, point 10)", async () => {
    const f = fakes({ ...record("failed"), failureReason: "parked:enqueue-refused" }, letter());
    await adminSendAgain(admin, "m1", "retry", f.deps);
    expect(f.released).toEqual(["m1"]);
  });

  test("a failed message is retried: a new Bundle.id, handed over as the next send, audited", async () => {
    const f = fakes(record("failed"), letter());
    const answer = await adminSendAgain(admin, "m1", "retry", f.deps);
    expect(answer).toMatchObject({ id: "m1", status: "accepted", resends: 1 });
    expect(answer.bundleId).not.toBe("b1");
    expect(f.handedOver).toEqual([["m1", 1]]);
    expect(f.audited).toEqual([expect.objectContaining({ action: "admin-retry", messageId: "m1", client: "ops" })]);
  });

  test("what the status does not allow is refused, and nothing is sent", async () => {
    for (const [status, action, kind, expected] of [
      ["delivered", "retry", "new", "wrong-state not-failed"],
      ["acknowledged", "resend", "new", "wrong-state not-delivered"],
      ["delivered", "resend", "acknowledgement", "wrong-state acknowledgement-not-acknowledged"],
    ] as const) {
      const f = fakes(record(status, kind), letter());
      expect(await codeOf(adminSendAgain(admin, "m1", action, f.deps))).toBe(expected);
      expect(f.handedOver).toEqual([]);
    }
  });

  test("an expired content is said to be expired, not a wrong status", async () => {
    const f = fakes(record("failed"), undefined);
    expect(await codeOf(adminSendAgain(admin, "m1", "retry", f.deps))).toBe("not-found content-expired");
    expect(f.audited).toEqual([]);
  });

  test("only an administrator may", async () => {
    const f = fakes(record("failed"), letter());
    const gp: Caller = { ...admin, id: "gp", roles: new Set(["receive"]) };
    expect(await codeOf(adminSendAgain(gp, "m1", "retry", f.deps))).toBe("forbidden admin-only");
  });
});
