// An acknowledgement deadline that failed after every attempt, made through the deadlines' own API
// (queue/ack-deadlines.ts) on a clock a year ahead of the gateway's: a gateway's own sweep (on its clock) never finds
// it due, so the test decides every run. Returns when it failed, on that clock.
import { Redis } from "ioredis";
import { createAckDeadlines, DEADLINE_ATTEMPTS, type DeadlineRef } from "../../queue/ack-deadlines.js";
import { fakeClock } from "./clock.js";

const YEAR_MS = 365 * 24 * 3_600_000;

export async function recordFailedDeadline(
  redisUrl: string,
  prefix: string,
  ref: DeadlineRef,
  error: string,
): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const clock = fakeClock(new Date(Date.now() + YEAR_MS).toISOString());
    const deadlines = createAckDeadlines(redis, prefix, clock.now);
    await deadlines.schedule(ref, 0);
    for (let attempt = 1; attempt <= DEADLINE_ATTEMPTS; attempt++) {
      const claimed = await deadlines.claim(100);
      if (!claimed.some((c) => c.messageId === ref.messageId && c.send === ref.send))
        throw new Error(`attempt ${attempt}: the deadline was not claimed`);
      const settled = await deadlines.fail(ref, error);
      if (settled !== (attempt === DEADLINE_ATTEMPTS ? "failed" : "retry"))
        throw new Error(`attempt ${attempt}: settled ${settled}`);
      clock.advance(60_000); // past every backoff (1, 2, 4, 8 s)
    }
    return clock.ms() - 60_000;
  } finally {
    redis.disconnect();
  }
}
