// The contract of the VANS envelope stores (issue 16; LEGACY.md §5.2), for Redis and memory alike: the first write
// of each identifier wins (a duplicate is answered exactly as the first), identifiers compare without regard to case,
// and an identifier that is not a UUID never names an entry.
import { describe, expect, it } from "vitest";
import { GLN } from "../gateway.js";
import type { PortsFactory } from "./ports.js";

const ENVELOPE = "0f8fad5b-d9cb-469f-a165-70867728950e";
const AGAIN = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const MESSAGE = "3b1e6e0a-0c1d-4e7a-9d55-5a8f0d2f7c11";
const OTHER = "7f0c2a5e-4b4d-4f1e-8a77-0d6b2d9e1a33";

export function vansEnvelopesContract(name: string, factory: PortsFactory): void {
  const ports = () => factory(() => new Date());

  describe(`${name}: VANS envelope stores contract`, () => {
    it("a sent envelope is found by its EnvelopeIdentifier, in either case; the first record wins", async () => {
      const { vansSent } = await ports();
      const sent = { envelopeIdentifier: ENVELOPE, messageId: MESSAGE, messageIdentifier: MESSAGE, receiver: GLN.gp };
      expect(await vansSent.byEnvelope(ENVELOPE)).toBeUndefined();
      await vansSent.record(sent);
      await vansSent.record({ ...sent, messageId: OTHER });
      expect(await vansSent.byEnvelope(ENVELOPE)).toEqual(sent);
      expect(await vansSent.byEnvelope(ENVELOPE.toUpperCase())).toEqual(sent);
      expect(await vansSent.byEnvelope(AGAIN)).toBeUndefined();
    });

    it("a received envelope: nothing seen, then both identifiers known with the receipt first answered", async () => {
      const { vansReceived } = await ports();
      expect(await vansReceived.seen(ENVELOPE, MESSAGE)).toEqual({});
      const negative = { kind: "negative" as const, error: { code: 2, description: "unknown receiver" } };
      await vansReceived.remember(ENVELOPE.toUpperCase(), MESSAGE, negative);
      // Remembering again (a duplicate answered) never replaces the first answer.
      await vansReceived.remember(ENVELOPE, MESSAGE, { kind: "positive" });
      expect(await vansReceived.seen(ENVELOPE, MESSAGE.toUpperCase())).toEqual({
        byEnvelope: { messageIdentifier: MESSAGE },
        byMessage: { envelopeIdentifier: ENVELOPE, receipt: negative },
      });
      // The same message in a new envelope; an old envelope with a new message.
      expect(await vansReceived.seen(AGAIN, MESSAGE)).toEqual({
        byMessage: { envelopeIdentifier: ENVELOPE, receipt: negative },
      });
      expect(await vansReceived.seen(ENVELOPE, OTHER)).toEqual({ byEnvelope: { messageIdentifier: MESSAGE } });
      await vansReceived.remember(AGAIN, MESSAGE, { kind: "positive" });
      expect((await vansReceived.seen(AGAIN, OTHER)).byEnvelope).toEqual({ messageIdentifier: MESSAGE });
      expect((await vansReceived.seen(AGAIN, MESSAGE)).byMessage?.envelopeIdentifier).toBe(ENVELOPE);
    });

    it("an identifier that is not a UUID names nothing (refused, never a key)", async () => {
      const { vansSent, vansReceived } = await ports();
      const bad = "x:*\r\n";
      await expect(vansSent.byEnvelope(bad)).rejects.toThrow(/unchecked/);
      await expect(vansReceived.seen(ENVELOPE, bad)).rejects.toThrow(/unchecked/);
      await expect(vansReceived.remember(bad, MESSAGE, { kind: "positive" })).rejects.toThrow(/unchecked/);
    });
  });
}
