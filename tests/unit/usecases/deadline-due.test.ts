// An acknowledgement deadline counts from the send's recorded delivery (DOMAIN.md §2.9 KR7, MR5; issue 12 point 7).
import { describe, expect, it } from "vitest";
import { deadlineWaitsUntil } from "../../../src/usecases/steps/deadline-due.js";

const ACK = 60_000;
const NOW = Date.parse("2026-01-01T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("deadlineWaitsUntil", () => {
  it("waits until the full acknowledgement time after a delivery recorded later than the scheduling", () => {
    const record = { status: "delivered" as const, resends: 0, deliveredAt: iso(NOW - 57) };
    expect(deadlineWaitsUntil(record, 0, "no-acknowledgement", ACK, NOW)).toBe(NOW - 57 + ACK);
  });

  it("acts at and after the full time", () => {
    for (const deliveredAt of [NOW - ACK, NOW - ACK - 1])
      expect(
        deadlineWaitsUntil(
          { status: "delivered", resends: 1, deliveredAt: iso(deliveredAt) },
          1,
          "no-acknowledgement",
          ACK,
          NOW,
        ),
      ).toBeUndefined();
  });

  it("keeps the deadline of a send not delivered yet, at least the full time from now", () => {
    for (const status of ["accepted", "queued"] as const)
      expect(deadlineWaitsUntil({ status, resends: 2 }, 2, "no-acknowledgement", ACK, NOW)).toBe(NOW + ACK);
  });

  it("leaves everything else to the resend (which skips it): other sends, final statuses, transient-error backoffs", () => {
    const delivered = { status: "delivered" as const, resends: 1, deliveredAt: iso(NOW - 5) };
    expect(deadlineWaitsUntil(delivered, 0, "no-acknowledgement", ACK, NOW)).toBeUndefined();
    expect(deadlineWaitsUntil({ status: "queued", resends: 1 }, 0, "no-acknowledgement", ACK, NOW)).toBeUndefined();
    for (const status of ["acknowledged", "rejected", "failed"] as const)
      expect(
        deadlineWaitsUntil({ status, resends: 0, deliveredAt: iso(NOW - 5) }, 0, "no-acknowledgement", ACK, NOW),
      ).toBeUndefined();
    // A transient-error resend waits its backoff from the acknowledgement, not from the delivery.
    expect(deadlineWaitsUntil(delivered, 1, "transient-error", ACK, NOW)).toBeUndefined();
  });

  it("acts now on a delivered record without a readable delivery time, never holding a deadline for ever", () => {
    expect(deadlineWaitsUntil({ status: "delivered", resends: 0 }, 0, "no-acknowledgement", ACK, NOW)).toBeUndefined();
    expect(
      deadlineWaitsUntil({ status: "delivered", resends: 0, deliveredAt: "x" }, 0, "no-acknowledgement", ACK, NOW),
    ).toBeUndefined();
  });
});
