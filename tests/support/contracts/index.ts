// Every port's contract in one call: the Redis and in-memory implementations run exactly the same suites.
import { auditLogContract } from "./audit-log.js";
import { legacyPortsContract } from "./legacy-ports.js";
import { mailboxStoreContract } from "./mailbox-store.js";
import { messageStoreContract } from "./message-store.js";
import { vansEnvelopesContract } from "./vans-envelopes.js";
import type { PortsFactory } from "./ports.js";
import { smallPortsContract } from "./small-ports.js";

export type { Ports, PortsFactory } from "./ports.js";

export function portContracts(name: string, factory: PortsFactory): void {
  messageStoreContract(name, factory);
  mailboxStoreContract(name, factory);
  auditLogContract(name, factory);
  smallPortsContract(name, factory);
  legacyPortsContract(name, factory);
  vansEnvelopesContract(name, factory);
}
