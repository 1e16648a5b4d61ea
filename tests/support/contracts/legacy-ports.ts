// The contracts of the legacy ports (issue 15): the id table, XDIS91 ⇄ XBIN01 pairing and waiting XCTL receipts, for
// Redis and memory alike.
import { describe, expect, it } from "vitest";
import type { PairPart } from "../../../src/domain/ports/index.js";
import { GLN } from "../gateway.js";
import { T0, type PortsFactory } from "./ports.js";

const MESSAGE = "3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11";
const OTHER = "7f0c2a5e-4b4d-4f1e-8a77-0d6b2d9e1a33";
const OBJECT = "c39ea6b2-6052-45e4-a207-415e0205ab6f";
const MINUTE = 60_000;

const part = (kind: PairPart["kind"], at: number, text: string = kind): PairPart => ({
  kind,
  bytes: new TextEncoder().encode(`<Emessage>${text}</Emessage>`),
  receivedAt: at,
  envelope: `${kind}-env`,
  letter: `${kind}-let`,
});
const times = (now: number) => ({ now, waitMs: 60 * MINUTE, leaseMs: 5 * MINUTE });
const text = (p: PairPart | undefined) => (p ? new TextDecoder().decode(p.bytes) : undefined);

export function legacyPortsContract(name: string, factory: PortsFactory): void {
  const ports = () => factory(() => new Date(T0));

  describe(`${name}: legacy id table contract`, () => {
    it("keeps a message's OIOXML documents, finds it by message and by a party's letter id; the first write wins", async () => {
      const { legacyIds } = await ports();
      const first = {
        messageId: MESSAGE,
        legacyParty: GLN.ppr,
        documents: [
          { kind: "xdis91" as const, envelope: "KuvNrerwerwe99", letter: "BrevNr00129", version: "XD9134L" },
          { kind: "xbin01" as const, envelope: "MEDBIN62529", letter: "031120PWE62528", version: "XB0131X" },
        ],
      };
      expect(await legacyIds.remember(first)).toEqual(first);
      const second = { ...first, documents: [{ ...first.documents[0]!, envelope: "other" }] };
      expect(await legacyIds.remember(second)).toEqual(first);
      expect(await legacyIds.byMessage(MESSAGE)).toEqual(first);
      expect(await legacyIds.byLetter(GLN.ppr, "031120PWE62528")).toEqual(first);
      expect(await legacyIds.byLetter(GLN.gp, "031120PWE62528")).toBeUndefined();
      expect(await legacyIds.byMessage(OTHER)).toBeUndefined();
      // Another message may not take over a letter id already known.
      await legacyIds.remember({ ...first, messageId: OTHER });
      expect((await legacyIds.byLetter(GLN.ppr, "BrevNr00129"))?.messageId).toBe(MESSAGE);
    });
  });

  describe(`${name}: legacy pairing contract`, () => {
    const key = { sender: GLN.ppr, object: OBJECT };

    it("keeps the first part until its partner comes, then hands the pair to exactly one caller", async () => {
      const { legacyPairing } = await ports();
      expect(await legacyPairing.offer(key, part("xbin01", T0), times(T0))).toEqual({
        outcome: "waiting",
        dueAt: T0 + 60 * MINUTE,
      });
      expect(await legacyPairing.offer(key, part("xbin01", T0 + 1, "again"), times(T0 + 1))).toEqual({
        outcome: "known",
        kind: "xbin01",
        envelope: "xbin01-env",
        letter: "xbin01-let",
      });
      expect(await legacyPairing.count()).toBe(1);
      const done = await legacyPairing.offer(key, part("xdis91", T0 + 2), times(T0 + 2));
      if (done.outcome !== "complete") throw new Error(done.outcome);
      expect(text(done.pair.xbin01)).toBe("<Emessage>xbin01</Emessage>");
      expect(text(done.pair.xdis91)).toBe("<Emessage>xdis91</Emessage>");
      expect(done.pair.xbin01?.receivedAt).toBe(T0);
      // While the claim holds, nobody else takes it: not the timeout pass, not a third part.
      expect(await legacyPairing.claimDue(times(T0 + 3 * MINUTE), 10)).toEqual([]);
      expect(await legacyPairing.offer(key, part("xdis91", T0 + 3), times(T0 + 3))).toMatchObject({ outcome: "known" });
      expect(await legacyPairing.finish(key, "not-the-claim")).toBe(false);
      expect(await legacyPairing.finish(key, done.pair.claim)).toBe(true);
      expect(await legacyPairing.count()).toBe(0);
      expect(await legacyPairing.claimDue(times(T0 + 24 * 60 * MINUTE), 10)).toEqual([]);
    });

    it("gives a lone part to the timeout pass after its wait, and a lapsed claim to the next caller", async () => {
      const { legacyPairing } = await ports();
      await legacyPairing.offer(key, part("xdis91", T0), times(T0));
      const other = { sender: GLN.ppr, object: OTHER };
      await legacyPairing.offer(other, part("xbin01", T0 + MINUTE), times(T0 + MINUTE));
      expect(await legacyPairing.claimDue(times(T0 + 59 * MINUTE), 10)).toEqual([]);
      const due = await legacyPairing.claimDue(times(T0 + 60 * MINUTE), 10);
      expect(due.map((p) => [p.key, Boolean(p.xdis91), Boolean(p.xbin01)])).toEqual([[key, true, false]]);
      // Claimed: a partner arriving now is told to come again; the pass's holder finishes it.
      expect(await legacyPairing.offer(key, part("xbin01", T0 + 61 * MINUTE), times(T0 + 61 * MINUTE))).toEqual({
        outcome: "busy",
      });
      // The holder died: after the lease another caller takes it over, and the first claim no longer finishes it.
      const again = await legacyPairing.claimDue(times(T0 + 66 * MINUTE), 10);
      // Oldest first: the other part's wait ended at 61 minutes, the lapsed claim at 65.
      expect(again.map((p) => p.key)).toEqual([other, key]);
      expect(await legacyPairing.finish(key, due[0]?.claim ?? "")).toBe(false);
      expect(await legacyPairing.finish(key, again[1]?.claim ?? "")).toBe(true);
      expect(await legacyPairing.count()).toBe(1);
    });

    it("two callers completing the same pair at once: one gets it, the other hears it is known", async () => {
      const { legacyPairing } = await ports();
      await legacyPairing.offer(key, part("xbin01", T0), times(T0));
      const outcomes = await Promise.all([
        legacyPairing.offer(key, part("xdis91", T0 + 1), times(T0 + 1)),
        legacyPairing.offer(key, part("xdis91", T0 + 1), times(T0 + 1)),
      ]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["complete", "known"]);
    });
  });

  describe(`${name}: waiting receipts contract`, () => {
    it("keeps one receipt per receipted document, in arrival order, the first winning", async () => {
      const { legacyReceipts } = await ports();
      expect(await legacyReceipts.keep(MESSAGE, { letter: "Brev1", receipt: '{"a":1}' })).toEqual([
        { letter: "Brev1", receipt: '{"a":1}' },
      ]);
      expect(await legacyReceipts.keep(MESSAGE, { letter: "Brev1", receipt: '{"a":2}' })).toEqual([
        { letter: "Brev1", receipt: '{"a":1}' },
      ]);
      expect(await legacyReceipts.keep(MESSAGE, { letter: "Bin1", receipt: '{"b":1}' })).toEqual([
        { letter: "Brev1", receipt: '{"a":1}' },
        { letter: "Bin1", receipt: '{"b":1}' },
      ]);
      expect(await legacyReceipts.keep(OTHER, { letter: "Brev1", receipt: "{}" })).toEqual([
        { letter: "Brev1", receipt: "{}" },
      ]);
    });
  });
}
