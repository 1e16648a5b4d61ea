// A location's mailbox (the receiving side of the `mailbox` adapter): who may use it, and a message in it.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

type Deps = Pick<UseCaseDeps, "store" | "mailboxes" | "directory">;

/** A mailbox is a known location's. */
export function requireKnownLocation(gln: string, deps: Pick<UseCaseDeps, "directory">): void {
  if (!deps.directory.get(gln)) fail("not-found", "location-unknown", "gln", `There is no location ${gln}.`);
}

/** The mailbox of a known location that the caller may use. */
export function requireMailbox(caller: Caller, gln: string, deps: Pick<UseCaseDeps, "directory">): void {
  requireKnownLocation(gln, deps);
  if (!authorize(caller, { do: "use-mailbox", gln }))
    fail("forbidden", "mailbox-not-yours", "gln", `This client may not read ${gln}'s mailbox.`);
}

/** The record of a message in a known location's mailbox; the location and the caller's right to it are checked
 *  before. */
export async function messageInMailbox(gln: string, id: string, deps: Deps): Promise<MessageRecord> {
  const record = (await deps.mailboxes.has(gln, id)) ? await deps.store.get(id) : undefined;
  if (!record) fail("not-found", "message-not-in-mailbox", "id", `Message ${id} is not in ${gln}'s mailbox.`);
  return record;
}
