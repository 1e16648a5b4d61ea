// The VANS inbox (issue 16, point 1): the envelopes the network brought, each claimed, handled by the use case
// (src/usecases/network/receive-envelope.ts), its envelope receipt put in the outbox, and then removed; an envelope
// that cannot be answered is moved to the inbox's rejected/ with a report (as the file-drop inbox does,
// src/background/inbox-poller.ts). Scheduled every network.vans.pollSeconds (queue/scheduled-passes.ts).
//
// Failures: the provider unreachable (VansUnreachable) or Redis away stops the pass and leaves the envelope where it
// is, to be handled at a later tick (it is answered then as the rules say: a receipt already remembered is sent again,
// never a second different one). The receipt is put before the envelope is removed, so an envelope is never gone
// unanswered. Any other failure with one envelope would recur at every tick and hold up the rest (issue 11, point
// 10): that envelope is rejected for an operator, the error goes to the log only.
import type { VansTransport } from "../../adapters/vans/transport.js";
import { GatewayError } from "../errors.js";
import { isSafeFileName } from "../fs/safe-files.js";
import { shownIssue } from "../medcom/shown-issues.js";
import { VANS_MAX_BYTES } from "../medcom/vans/index.js";
import { isRedisUnavailable } from "../redis/connections.js";
import type { EnvelopeClaims } from "../store/vans-claims.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { receiveEnvelope, type EnvelopeOutcome } from "../usecases/network/receive-envelope.js";
import { error, type Issue } from "../util/issues.js";

export const VANS_INBOX_PASS = "vans-inbox";

export interface VansInboxOptions {
  /** The largest envelope read (default MedCom's 100 MB including the envelope, DOMAIN.md §1.12). */
  maxBytes?: number;
  /** Claims across processes (Redis); absent, a single process is assumed. */
  claims?: EnvelopeClaims;
}

/** One pass over the inbox: the number of envelopes handled. */
export async function pollVansInbox(
  transport: VansTransport,
  deps: UseCaseDeps,
  options: VansInboxOptions = {},
): Promise<number> {
  const maxBytes = options.maxBytes ?? VANS_MAX_BYTES;
  let handled = 0;
  for (const name of await transport.list()) {
    // The transport sets aside names that are not plain; one that still is not is never used for anything.
    if (!isSafeFileName(name)) continue;
    if (options.claims && !(await options.claims.claim(name))) continue; // another process has it
    try {
      await handle(transport, name, maxBytes, deps);
      handled += 1;
    } finally {
      await options.claims?.release(name).catch(() => undefined); // an unreleased claim expires
    }
  }
  return handled;
}

async function handle(transport: VansTransport, name: string, maxBytes: number, deps: UseCaseDeps): Promise<void> {
  const read = await transport.read(name, maxBytes);
  if (!read.ok) {
    // Too large, not a regular file, or gone (handled elsewhere: rejecting a missing file does nothing).
    await transport.reject(name, report([error("vans-file", "", `The envelope is refused: ${read.reason}.`)]));
    deps.log.warn({ file: name }, "VANS envelope refused unread");
    return;
  }
  let outcome: EnvelopeOutcome;
  try {
    outcome = await receiveEnvelope(read.bytes, deps);
  } catch (err) {
    if (isRedisUnavailable(err) || (err instanceof GatewayError && isTransient(err))) throw err; // left for later
    deps.log.error({ file: name, err: String(err) }, "VANS envelope could not be handled");
    const internal = error(
      "internal-error",
      "",
      "The gateway failed while handling this envelope; it was not answered. Put it back in the inbox once the fault is mended.",
    );
    await transport.reject(name, report([internal]));
    return;
  }
  if (outcome.outcome === "unreadable") {
    await transport.reject(name, report(outcome.issues));
    deps.log.warn({ file: name, issues: outcome.issues.length }, "VANS envelope rejected: it cannot be answered");
    return;
  }
  if (outcome.outcome === "answered") await transport.put(outcome.send.name, outcome.send.bytes);
  await transport.remove(name);
  deps.log.info(logged(outcome), "VANS envelope received");
}

const isTransient = (err: GatewayError) => err.kind === "unavailable" || err.kind === "outcome-unknown";

/** The problem report beside a rejected envelope: each issue bounded and escaped (shown-issues.ts). */
const report = (issues: readonly Issue[]): string => JSON.stringify({ issues: issues.map(shownIssue) }, null, 2);

/** The gateway's own words and ids only (the message id was checked as a UUID on submit). */
function logged(outcome: Exclude<EnvelopeOutcome, { outcome: "unreadable" }>): Record<string, string | boolean> {
  if (outcome.outcome === "receipt") return { kind: "receipt", applied: outcome.applied };
  return {
    kind: "message",
    receipt: outcome.receipt.kind,
    duplicate: outcome.duplicate,
    ...(outcome.taken ? { taken: outcome.taken } : {}),
    ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
  };
}
