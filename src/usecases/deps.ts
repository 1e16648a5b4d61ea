// What the use cases need, built once in main.ts and passed down (no module singletons).
import type { ClientRegistry } from "../access/clients.js";
import type { Policy } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Directory } from "../routing/directory.js";
import type { MailboxStore } from "../store/mailbox-store.js";
import type { MessageStore } from "../store/message-store.js";

export interface UseCaseDeps {
  store: MessageStore;
  mailboxes: MailboxStore;
  directory: Directory;
  clients: ClientRegistry;
  policy: Policy;
  /** Hand an accepted message to the delivery queue (the outbox fast path). */
  handOver: (id: string) => Promise<void>;
  newId: () => string;
  now: () => Date;
  log: Logger;
}
