// The VANS envelope stores on Redis (issue 16; ports: src/domain/ports/vans-envelopes.ts; LEGACY.md §5.2). As a
// receiver: an EnvelopeIdentifier → the MessageIdentifier it carried, and a MessageIdentifier → its first envelope and
// the envelope receipt answered, each written once (SET NX: the first write wins, so a duplicate is answered exactly
// as the first). As a sender: each EnvelopeIdentifier sent → the message it carried, so a receipt finds its message.
// Everything expires after the retention period (policy.retentionDays). No value here is patient data: ids, GLNs and
// MedCom's error texts.
import type { Redis } from "ioredis";
import type {
  VansAnsweredReceipt,
  VansReceivedEnvelopes,
  VansSentEnvelope,
  VansSentEnvelopes,
} from "../domain/ports/vans-envelopes.js";
import type { Keys } from "./keys.js";

export interface VansEnvelopeStores {
  sent: VansSentEnvelopes;
  received: VansReceivedEnvelopes;
}

const DAY_SECONDS = 24 * 60 * 60;

/** UUIDs compare without regard to case (LEGACY.md §5.1); they are kept lower-case. */
const lower = (id: string): string => id.toLowerCase();

export function createVansEnvelopes(redis: Redis, keys: Keys, retentionDays: number): VansEnvelopeStores {
  const ttl = String(Math.max(1, Math.ceil(retentionDays * DAY_SECONDS)));
  return {
    sent: {
      async record(sent) {
        const value: VansSentEnvelope = { ...sent, envelopeIdentifier: lower(sent.envelopeIdentifier) };
        await redis.set(keys.vansSent(sent.envelopeIdentifier), JSON.stringify(value), "EX", ttl, "NX");
      },
      async byEnvelope(envelopeIdentifier) {
        const value = await redis.get(keys.vansSent(envelopeIdentifier));
        return value === null ? undefined : (JSON.parse(value) as VansSentEnvelope);
      },
    },
    received: {
      async seen(envelopeIdentifier, messageIdentifier) {
        const [byEnvelope, byMessage] = await redis.mget(
          keys.vansReceivedEnvelope(envelopeIdentifier),
          keys.vansReceivedMessage(messageIdentifier),
        );
        return {
          ...(byEnvelope ? { byEnvelope: { messageIdentifier: byEnvelope } } : {}),
          ...(byMessage
            ? { byMessage: JSON.parse(byMessage) as { envelopeIdentifier: string; receipt?: VansAnsweredReceipt } }
            : {}),
        };
      },
      async remember(envelopeIdentifier, messageIdentifier, receipt) {
        const message = JSON.stringify({ envelopeIdentifier: lower(envelopeIdentifier), receipt });
        // One round trip, both or neither; each SET NX keeps a first write.
        await redis
          .multi()
          .set(keys.vansReceivedEnvelope(envelopeIdentifier), lower(messageIdentifier), "EX", ttl, "NX")
          .set(keys.vansReceivedMessage(messageIdentifier), message, "EX", ttl, "NX")
          .exec();
      },
    },
  };
}
