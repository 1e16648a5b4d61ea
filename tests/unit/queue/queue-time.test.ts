// A time decided on the gateway's clock reaches BullMQ as a delay laid on the job's own timestamp (queue-time.ts).
import { describe, expect, it } from "vitest";
import { queueTimeFor } from "../../../queue/queue-time.js";

describe("queue time", () => {
  it("is the job's start plus the wait on the gateway's clock, whatever that clock reads", () => {
    const job = { processedOn: 1_000_000, timestamp: 900_000 };
    // A gateway clock a year ahead of BullMQ's: the job still waits exactly the 5 s the gateway decided.
    const year = 365 * 24 * 3600_000;
    expect(queueTimeFor(job, year + 5000, year)).toBe(1_005_000);
    expect(queueTimeFor(job, 5000, 0)).toBe(1_005_000);
    expect(queueTimeFor({ timestamp: 900_000 }, 5000, 0)).toBe(905_000);
    // A time already past: run again now (at the job's start), never in the past nor in the far future.
    expect(queueTimeFor(job, 0, 5000)).toBe(1_000_000);
  });
});
