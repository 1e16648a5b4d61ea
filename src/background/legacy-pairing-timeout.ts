// The pairing timeout (issue 15; LEGACY.md §6.7, use cases §4.5): MedCom's converter waits at most 60 minutes for an
// XDIS91's XBIN01 and for an XBIN01's XDIS91. This pass claims every pair whose time has come and hands it on
// (src/usecases/legacy/pairs.ts): an XDIS91 alone → MedCom's incomplete conversion, answered with a fatal-error
// Acknowledgement (its XCTL02) to the sender; an XBIN01 alone → the same over its stand-in letter; a complete pair
// whose holder died mid-way (its claim lapsed) → converted and submitted, as its holder would have. Scheduled every
// minute (queue/scheduled-passes.ts); two passes at once are harmless: a pair is claimed by one of them.
import type { UseCaseDeps } from "../usecases/deps.js";
import { actingFor } from "../access/clients.js";
import { handOnPair } from "../usecases/legacy/pairs.js";
import { PAIRING_LEASE_MS, PAIRING_WAIT_MS } from "../usecases/legacy/texts.js";
import { GatewayError } from "../errors.js";

export const LEGACY_PAIRING_PASS_MS = 60_000;

/** Pairs claimed per pass: each one takes a conversion and a store step; the rest wait for the next tick. */
const PAIRS_PER_PASS = 100;

export async function timeOutLegacyPairs(deps: UseCaseDeps): Promise<number> {
  const now = deps.now().getTime();
  const pairs = await deps.legacyPairing.claimDue(
    { now, waitMs: PAIRING_WAIT_MS, leaseMs: PAIRING_LEASE_MS },
    PAIRS_PER_PASS,
  );
  let handed = 0;
  for (const pair of pairs) {
    try {
      const outcome = await handOnPair(actingFor(pair.key.sender, "legacy-pairing"), pair, deps);
      deps.log.info(
        {
          sender: pair.key.sender,
          xdis91: Boolean(pair.xdis91),
          xbin01: Boolean(pair.xbin01),
          outcome: outcome.outcome,
        },
        "legacy pair handed on by the timeout pass",
      );
      handed += 1;
    } catch (err) {
      // Redis away: the claim lapses and a later pass takes the pair again. Anything else (the sender left the
      // directory, say) fails the same way each time: logged, and retried after each lease, never dropped silently.
      const kind = err instanceof GatewayError ? err.kind : "error";
      deps.log.error({ sender: pair.key.sender, kind, err: String(err) }, "legacy pair could not be handed on");
    }
  }
  return handed;
}
