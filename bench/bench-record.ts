// A letter's record as the API stores it, for the worker benches (bench/worker-core.ts, bench/worker-delivery.ts):
// made-up parties and topic, no patient data.
import { randomUUID } from "node:crypto";
import type { MessageRecord } from "../src/domain/record.js";

export function benchRecord(
  id: string,
  parties: { sender: string; receiver: string },
  status: MessageRecord["status"],
): MessageRecord {
  const at = new Date().toISOString();
  return {
    id,
    bundleId: randomUUID(),
    kind: "new",
    sender: { gln: parties.sender, name: "Afsender" },
    receiver: { gln: parties.receiver, name: "Modtager" },
    category: "examination-results",
    topic: "Forspørgsel på seneste resultater",
    status,
    createdAt: at,
    updatedAt: at,
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: "bench",
    fingerprint: "x".repeat(64),
  };
}
