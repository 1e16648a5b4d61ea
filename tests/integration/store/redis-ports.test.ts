// The Redis ports against the same contracts as the in-memory ones (tests/unit/store/memory-ports.test.ts): each
// suite gets its own key prefix on the run's Redis.
import { afterAll, inject } from "vitest";
import { createSealer } from "../../../src/crypto/keyring.js";
import { createAuditLog } from "../../../src/store/audit-log.js";
import { createBreakerStore } from "../../../src/store/breaker-store.js";
import { createCounters } from "../../../src/store/counters.js";
import { keysFor } from "../../../src/store/keys.js";
import { createMailboxStore } from "../../../src/store/mailbox-store.js";
import { createMessageStore } from "../../../src/store/message-store.js";
import { createOutboxParking } from "../../../src/store/outbox-parking.js";
import { createRateLimiter } from "../../../src/store/rate-limiter.js";
import { portContracts } from "../../support/contracts/index.js";
import { newTestKeyring, rawRedis, uniquePrefix } from "../../support/gateway.js";

const redis = rawRedis(inject("redisUrl"));
const sealer = createSealer(newTestKeyring());
afterAll(() => redis.disconnect());

portContracts("redis", async (now) => {
  const prefix = uniquePrefix();
  const keys = keysFor(prefix);
  return Promise.resolve({
    store: createMessageStore(redis, prefix, sealer),
    mailboxes: createMailboxStore(redis, prefix),
    auditLog: createAuditLog(redis, prefix, sealer.auditKey),
    counters: createCounters(redis, prefix, now),
    rateLimiter: createRateLimiter(redis, prefix),
    outboxParking: createOutboxParking(redis, keys),
    breakers: createBreakerStore(redis, keys),
  });
});
