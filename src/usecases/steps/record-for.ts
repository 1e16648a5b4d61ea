// Reading a stored message on a caller's behalf: 404 when there is none, 403 when it is not the caller's.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

export async function recordFor(caller: Caller, id: string, deps: Pick<UseCaseDeps, "store">): Promise<MessageRecord> {
  const record = await deps.store.get(id);
  if (!record) fail("not-found", "message-unknown", "id", `There is no message ${id}.`);
  if (!authorize(caller, { do: "read-message", sender: record.sender.gln, receiver: record.receiver.gln }))
    fail("forbidden", "message-not-yours", "id", `Message ${id} is neither from nor to this client's locations.`);
  return record;
}

export async function contentOf(id: string, deps: Pick<UseCaseDeps, "store">): Promise<Bundle> {
  const content = await deps.store.content(id);
  if (content === undefined) fail("not-found", "content-expired", "id", `The content of ${id} is no longer kept.`);
  return JSON.parse(content) as Bundle;
}
