// Whether a message submitted again is the one already stored under its id (DOMAIN.md §2.9: a duplicate is answered
// with the first result; the same id for other content is a 409, CONTRACT.md §2). One fingerprint of the message
// decides (issue 14, point 2). A record accepted before that fingerprint carries an earlier recipe's hash: its stored
// message is fingerprinted again, once per such repeat, instead of calling a true duplicate a conflict.
import { isCurrentFingerprint, messageFingerprint } from "../../medcom/readers/index.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { UseCaseDeps } from "../deps.js";

export async function isSameMessage(
  stored: { id: string; fingerprint: string },
  fingerprint: string,
  deps: Pick<UseCaseDeps, "store">,
): Promise<boolean> {
  if (stored.fingerprint === fingerprint) return true;
  if (isCurrentFingerprint(stored.fingerprint)) return false;
  const content = await deps.store.content(stored.id);
  if (content === undefined) return false;
  return messageFingerprint(JSON.parse(content) as Bundle) === fingerprint;
}
