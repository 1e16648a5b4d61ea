// A message as the gateway accepts it into the store (status `accepted`, no attempt yet): the setup of the store,
// delivery and deadline tests that put a message in the outbox themselves, written once.
import { randomUUID } from "node:crypto";
import type { AcceptInput } from "../../src/domain/ports/index.js";
import type { MessageRecord } from "../../src/domain/record.js";
import { GLN } from "./gateway.js";

/** A placeholder Bundle for tests whose delivery does not read the content. */
const PLACEHOLDER = '{"resourceType":"Bundle","type":"message"}';

/** A new message from PPR Gribskov Kommune to Lægerne i Helsinge, just accepted; `record` replaces ids etc. */
export function acceptInput(record: Partial<MessageRecord> = {}, content = PLACEHOLDER): AcceptInput {
  const at = new Date().toISOString();
  return {
    record: {
      id: randomUUID(),
      bundleId: randomUUID(),
      kind: "new",
      sender: { gln: GLN.ppr, name: "PPR Gribskov Kommune" },
      receiver: { gln: GLN.gp, name: "Lægerne i Helsinge" },
      status: "accepted",
      createdAt: at,
      updatedAt: at,
      deliveryAttempts: 0,
      resends: 0,
      submittedBy: "test",
      fingerprint: "x",
      ...record,
    },
    content,
    retentionSeconds: 3600,
  };
}
