// Issue 12 leftover: the API's Redis connection had no command timeout, so a request waited for ever on a Redis that
// was frozen or behind a dropped route (no reset ever comes). Now a command unanswered after 10 s fails, and the
// failure is a Redis outage (503), one whose store may have run ("may not have been accepted").
import { describe, expect, it } from "vitest";
import { PRODUCER_COMMAND_TIMEOUT_MS, isRedisUnavailable, producerConnection } from "../../../src/redis/connections.js";
import { silentLogger } from "../../../src/log.js";
import { outcomeMayBeStored } from "../../../src/usecases/steps/store-outcome.js";

describe("the API's Redis connection", () => {
  it("gives up on a command after PRODUCER_COMMAND_TIMEOUT_MS", () => {
    const redis = producerConnection({ url: "redis://127.0.0.1:1" }, silentLogger());
    try {
      expect(PRODUCER_COMMAND_TIMEOUT_MS).toBeGreaterThan(0);
      expect(redis.options.commandTimeout).toBe(PRODUCER_COMMAND_TIMEOUT_MS);
    } finally {
      redis.disconnect();
    }
  });

  it("takes a timed-out command for Redis being away, whose store may have run", () => {
    const timedOut = new Error("Command timed out");
    expect(isRedisUnavailable(timedOut)).toBe(true);
    expect(outcomeMayBeStored(timedOut)).toBe(true);
  });
});
