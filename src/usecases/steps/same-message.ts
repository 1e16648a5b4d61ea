// Whether a message submitted again is the one already stored under its id (DOMAIN.md §2.9: a duplicate is answered
// with the first result; the same id for other content is a 409, CONTRACT.md §2). One fingerprint of the message
// decides (issue 14, point 2). A record accepted before that fingerprint carries an earlier recipe's hash, and a
// letter's record since issue 17 a deferred one (DEFERRED_FINGERPRINT): its stored message is fingerprinted, once per
// such repeat, instead of calling a true duplicate a conflict.
import { isCurrentFingerprint, messageFingerprint } from "../../medcom/readers/index.js";
import type { Bundle } from "../../medcom/model/index.js";
import type { UseCaseDeps } from "../deps.js";

/**
 * A letter's record keeps this instead of its fingerprint when the fingerprint can be made again from its stored
 * content alone (no detached attachment, whose data the content holds only as a token): a repeat is rare, and making
 * the fingerprint of every letter when it is accepted was ≈ 6 % of the API's CPU for a text letter (issue 17, point
 * 3). Not a recipe's mark, so isSameMessage fingerprints the stored message when a repeat asks.
 */
export const DEFERRED_FINGERPRINT = "deferred";

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
