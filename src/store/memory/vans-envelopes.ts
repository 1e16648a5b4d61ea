// The VANS envelope stores in memory (the Redis ones are src/store/vans-envelopes.ts): the same first-write-wins
// and lower-case identifiers; no expiry (a test process is short).
/* eslint-disable @typescript-eslint/require-await -- the ports are asynchronous; memory answers at once */
import type { VansAnsweredReceipt, VansSentEnvelope } from "../../domain/ports/vans-envelopes.js";
import type { VansEnvelopeStores } from "../vans-envelopes.js";

import { isMessageId } from "../../medcom/ids.js";
import { UncheckedKeyPartError } from "../keys.js";

/** As the Redis keys do: only a UUID (either case, kept lower-case) names an entry. */
const lower = (id: string): string => {
  const value = id.toLowerCase();
  if (!isMessageId(value)) throw new UncheckedKeyPartError("UUID");
  return value;
};

export function createMemoryVansEnvelopes(): VansEnvelopeStores {
  const sent = new Map<string, VansSentEnvelope>();
  const byEnvelope = new Map<string, string>();
  const byMessage = new Map<string, { envelopeIdentifier: string; receipt?: VansAnsweredReceipt }>();
  return {
    sent: {
      async record(s) {
        const key = lower(s.envelopeIdentifier);
        if (!sent.has(key)) sent.set(key, structuredClone({ ...s, envelopeIdentifier: key }));
      },
      byEnvelope: async (envelopeIdentifier) => structuredClone(sent.get(lower(envelopeIdentifier))),
    },
    received: {
      async seen(envelopeIdentifier, messageIdentifier) {
        const env = byEnvelope.get(lower(envelopeIdentifier));
        const msg = byMessage.get(lower(messageIdentifier));
        return {
          ...(env !== undefined ? { byEnvelope: { messageIdentifier: env } } : {}),
          ...(msg !== undefined ? { byMessage: structuredClone(msg) } : {}),
        };
      },
      async remember(envelopeIdentifier, messageIdentifier, receipt) {
        if (!byEnvelope.has(lower(envelopeIdentifier)))
          byEnvelope.set(lower(envelopeIdentifier), lower(messageIdentifier));
        if (!byMessage.has(lower(messageIdentifier)))
          byMessage.set(lower(messageIdentifier), {
            envelopeIdentifier: lower(envelopeIdentifier),
            receipt: structuredClone(receipt),
          });
      },
    },
  };
}
