// A legacy receiver's XCTL receipts (issue 15, point 3; LEGACY.md §7.2) on the in-memory ports: found by the letter id
// they quote among the letters delivered to the receipting location, the first of a two-document letter's receipts
// kept until the other comes, then one acknowledgement through the acknowledge step — posted or dropped in the inbox.
import { describe, expect, it } from "vitest";
import { receiveDropped } from "../../../src/usecases/inbox/receive-dropped.js";
import { receiveXctlBytes } from "../../../src/usecases/legacy/receive-xctl.js";
import { submitMessage } from "../../../src/usecases/submit/submit-message.js";
import { memoryGateway, type MemoryGateway } from "../../support/memory-gateway.js";
import {
  FLOW4,
  LEGACY_RECEIVER,
  legacyLetterCompose,
  withLegacyParties,
  xctl03,
} from "../../support/legacy-letters.js";

const legacyGateway = () => memoryGateway({}, withLegacyParties);

async function acknowledgements(g: MemoryGateway) {
  const all = await g.deps.store.newestFirst("all", { min: 0, max: Infinity }, 100);
  return (await g.deps.store.getMany(all.map((e) => e.id))).filter((r) => r?.kind === "acknowledgement");
}

describe("XCTL receipts from a legacy receiver", () => {
  /** A letter from the child psychiatry to Gribskov's social services, delivered as XDIS91 + XBIN01 (as D2 does). */
  async function delivered(g: MemoryGateway) {
    const body = legacyLetterCompose();
    const { body: answer } = await submitMessage(g.caller("bup-hilleroed"), { type: "compose", body }, g.deps);
    await g.deps.legacyIds.remember({
      messageId: answer.id,
      legacyParty: LEGACY_RECEIVER,
      documents: [
        { kind: "xdis91", envelope: FLOW4.xdis91Envelope, letter: FLOW4.xdis91Letter, version: "XD9134L" },
        { kind: "xbin01", envelope: FLOW4.xbin01Envelope, letter: FLOW4.xbin01Letter, version: "XB0131X" },
      ],
    });
    await g.deliver(answer.id);
    return answer.id;
  }
  const social = (g: MemoryGateway) => g.caller("social-gribskov");

  it("the XDIS91's XCTL03 waits for the XBIN01's; together they are one ok acknowledgement", async () => {
    const g = legacyGateway();
    const id = await delivered(g);
    expect(await receiveXctlBytes(social(g), xctl03("xdis91"), g.deps)).toEqual({
      status: 202,
      body: { status: "waiting-for-partner", waitingFor: "xctl", acknowledges: id },
    });
    expect(await acknowledgements(g)).toEqual([]);
    const answer = await receiveXctlBytes(social(g), xctl03("xbin01"), g.deps);
    expect(answer).toMatchObject({ status: 202, body: { code: "ok", acknowledges: id, matched: true } });
    expect(await g.deps.store.get(id)).toMatchObject({ status: "acknowledged" });
    // The same receipt again: the same acknowledgement (200), not a second one.
    expect(await receiveXctlBytes(social(g), xctl03("xbin01"), g.deps)).toMatchObject({ status: 200 });
    expect(await acknowledgements(g)).toHaveLength(1);
  });

  it("receipts dropped in the receiver's inbox are handled the same way", async () => {
    const g = legacyGateway();
    const id = await delivered(g);
    expect(await receiveDropped(LEGACY_RECEIVER, xctl03("xbin01"), g.deps)).toEqual({ outcome: "waiting" });
    const outcome = await receiveDropped(LEGACY_RECEIVER, xctl03("xdis91"), g.deps);
    expect(outcome).toMatchObject({ outcome: "acknowledgement" });
    expect(await g.deps.store.get(id)).toMatchObject({ status: "acknowledged" });
  });

  it("a negative receipt for either document makes the acknowledgement fatal-error, with its RefuseText", async () => {
    const g = legacyGateway();
    const id = await delivered(g);
    const negative = new TextDecoder()
      .decode(xctl03("xbin01"))
      .replaceAll("PositiveReceipt", "NegativeReceipt")
      .replace("XC0330Q", "XC0230Q")
      .replace("XCTL03", "XCTL02")
      .replace(
        "<OriginalVersionCode>XB0131X</OriginalVersionCode>",
        "<OriginalVersionCode>XB0131X</OriginalVersionCode><RefuseCode>ikke_specificeret</RefuseCode><RefuseText>Filen kunne ikke åbnes</RefuseText>",
      );
    await receiveXctlBytes(social(g), xctl03("xdis91"), g.deps);
    const answer = await receiveXctlBytes(social(g), new TextEncoder().encode(negative), g.deps);
    expect(answer).toMatchObject({ body: { code: "fatal-error", acknowledges: id } });
    const record = await g.deps.store.get(id);
    expect(record).toMatchObject({ status: "rejected", ack: { code: "fatal-error" } });
    // (xctlAnswer gives the RefuseCode as the issue code; the builder appends a code outside MedCom's lists.)
    expect(record?.ack?.issues?.[0]?.message).toContain("Filen kunne ikke åbnes");
  });

  it("a receipt for a letter never delivered to the caller is not found", async () => {
    const g = legacyGateway();
    await expect(receiveXctlBytes(social(g), xctl03("xdis91"), g.deps)).rejects.toMatchObject({ kind: "not-found" });
  });
});
