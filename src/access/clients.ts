// Who is calling and what they may do (CONTRACT.md §2): a client sends only as, and reads only for, its own
// locations; `admin` reads everything. API keys are compared in constant time, over hashes of equal length.
import { createHash, timingSafeEqual } from "node:crypto";
import type { ClientConfig } from "../config/schema.js";

export interface Caller {
  id: string;
  locations: ReadonlySet<string>;
  roles: ReadonlySet<string>;
}

export interface ClientRegistry {
  authenticate(apiKey: string): Caller | undefined;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

export function createClientRegistry(clients: readonly ClientConfig[]): ClientRegistry {
  const entries = clients.map((c) => ({
    hash: Buffer.from(c.keyHash, "hex"),
    caller: { id: c.id, locations: new Set(c.locations), roles: new Set<string>(c.roles) },
  }));
  return {
    authenticate(apiKey) {
      const presented = sha256(apiKey);
      let found: Caller | undefined;
      // Every entry is compared, found or not, so the time taken says nothing about which key matched.
      for (const e of entries) if (timingSafeEqual(e.hash, presented)) found = e.caller;
      return found;
    },
  };
}

export const isAdmin = (caller: Caller): boolean => caller.roles.has("admin");

/** Send as a location: only a client holding that location and the send role. */
export const maySendAs = (caller: Caller, gln: string): boolean =>
  caller.locations.has(gln) && caller.roles.has("send");

/** Read a message: admin, or a client holding its sender's or receiver's location. */
export const mayRead = (caller: Caller, parties: { sender: string; receiver: string }): boolean =>
  isAdmin(caller) || caller.locations.has(parties.sender) || caller.locations.has(parties.receiver);

/** Use a location's mailbox: admin, or a client holding that location with the receive role. */
export const mayUseMailbox = (caller: Caller, gln: string): boolean =>
  isAdmin(caller) || (caller.locations.has(gln) && caller.roles.has("receive"));

/** Acknowledge as a location: the receiving side's role. */
export const mayAcknowledgeAs = (caller: Caller, gln: string): boolean =>
  caller.locations.has(gln) && caller.roles.has("receive");

/** Administer the gateway (queue, statistics, audit). */
export const mayAdminister = (caller: Caller): boolean => isAdmin(caller);
