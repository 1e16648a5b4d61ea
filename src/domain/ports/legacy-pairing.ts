// An XDIS91 letter and its XBIN01 attachment letter travel separately and may arrive in either order (LEGACY.md §3):
// the only link between them is the attachment UUID (hyphen-less in the XDIS91's Reference/BIN, hyphenated in the
// XBIN01). MedCom's converter waits at most 60 minutes for the partner (§6.7); the gateway keeps the part that came
// first here, sealed like message contents, until the other one comes or the time is up.
//
// Nothing is lost and nothing is converted twice: a complete pair is *claimed* (by one caller, for a lease), handed on,
// and only then finished (removed). A claim whose holder died lapses, and the timeout pass claims the pair again; the
// conversion is deterministic (legacyUuid), so handing it on twice is a duplicate to the message store, never a second
// message.

/** Where a pair waits: the sending location and the attachment UUID (lower-case, hyphenated) — the lowest one when
 *  the letter has several, so either part finds the same place whatever order it lists them in. */
export interface PairKey {
  sender: string;
  object: string;
}

export type PairPartKind = "xdis91" | "xbin01";

/** One part as received: its bytes (sealed at rest), when it came, and its OIOXML ids. */
export interface PairPart {
  kind: PairPartKind;
  bytes: Uint8Array;
  /** Arrival time, ms. */
  receivedAt: number;
  envelope: string;
  letter: string;
}

/** A pair held by one caller: what has arrived of it, and the claim that lets the holder finish it. */
export interface ClaimedPair {
  key: PairKey;
  xdis91?: PairPart;
  xbin01?: PairPart;
  claim: string;
}

export type OfferOutcome =
  /** Kept: the partner has not come yet. */
  | { outcome: "waiting"; dueAt: number }
  /** A part of this kind already waits (or is being handed on) here: the first one is kept. */
  | { outcome: "known"; kind: PairPartKind; envelope: string; letter: string }
  /** The pair is being handed on (or timed out) by another caller right now: offer it again shortly. */
  | { outcome: "busy" }
  /** The partner was waiting: the pair is claimed for the caller, who hands it on and then finishes it. */
  | { outcome: "complete"; pair: ClaimedPair };

export interface PairingTimes {
  now: number;
  /** How long a lone part waits for its partner (MedCom: 60 minutes). */
  waitMs: number;
  /** How long a claim holds before another caller may take the pair over. */
  leaseMs: number;
}

export interface LegacyPairingStore {
  /** Keep `part` under `key`; when its partner already waits there, claim the pair (atomically) and return it. */
  offer(key: PairKey, part: PairPart, times: PairingTimes): Promise<OfferOutcome>;
  /** Pairs whose time has come — a lone part past its wait, or a claim that lapsed — each claimed for the caller,
   *  oldest first, at most `limit`. */
  claimDue(times: PairingTimes, limit: number): Promise<ClaimedPair[]>;
  /** Remove a pair the caller has handed on; false when its claim is no longer the caller's (it lapsed and another
   *  caller took the pair over — that one finishes it). */
  finish(key: PairKey, claim: string): Promise<boolean>;
  /** How many pairs wait (for /metrics and the console). */
  count(): Promise<number>;
}
