// The legacy way in (issue 15, point 3) on the in-memory ports and a fake clock: OIOXML letters from a location that
// speaks "xdis91" converted and submitted through the one submit path, XDIS91 ⇄ XBIN01 pairing and its 60-minute
// timeout (LEGACY.md §6.7), refusals answered with a fatal-error acknowledgement (its XCTL02), unreadable documents
// refused with the XCTL02 itself (legacy-unreadable.test.ts; receipts: legacy-receipts.test.ts).
import { describe, expect, it } from "vitest";
import { timeOutLegacyPairs } from "../../../src/background/legacy-pairing-timeout.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { submitOioxml, type LegacySubmitOutcome } from "../../../src/usecases/legacy/submit-oioxml.js";
import { CONVERSION_FAILED_TEXT } from "../../../src/usecases/legacy/texts.js";
import { memoryGateway, type MemoryGateway } from "../../support/memory-gateway.js";
import {
  FLOW1,
  LEGACY_RECEIVER,
  LEGACY_SENDER,
  SECOND_OBJECT,
  withLegacyParties,
  xbin01,
  xctl03,
  xdis91,
} from "../../support/legacy-letters.js";

const MINUTE = 60_000;
const legacyGateway = () => memoryGateway({}, withLegacyParties);
const bup = (g: MemoryGateway) => g.caller("bup-hilleroed");
const submit = (g: MemoryGateway, bytes: Uint8Array) => submitOioxml(bup(g), bytes, g.deps);

function accepted(outcome: LegacySubmitOutcome) {
  if (outcome.outcome !== "accepted") throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
  return outcome.answer;
}

async function contentOf(g: MemoryGateway, id: string): Promise<Bundle> {
  const content = await g.deps.store.content(id);
  if (content === undefined) throw new Error(`no content for ${id}`);
  return JSON.parse(content) as Bundle;
}

const attachmentsOf = (bundle: Bundle) =>
  (bundle.entry ?? [])
    .flatMap((e) => (e.resource?.resourceType === "Communication" ? [e.resource as Communication] : []))
    .flatMap((c) => c.payload ?? [])
    .flatMap((p) => (p.contentAttachment ? [p.contentAttachment] : []));

/** The texts of an acknowledgement's OperationOutcome issues, in order. */
function issueTexts(ack: Bundle): (string | undefined)[] {
  const outcome = ack.entry?.find((e) => e.resource?.resourceType === "OperationOutcome")?.resource as
    { issue?: { details?: { text?: string } }[] } | undefined;
  return outcome?.issue?.map((i) => i.details?.text) ?? [];
}

/** Every acknowledgement record the gateway holds, newest first. */
async function acknowledgements(g: MemoryGateway) {
  const all = await g.deps.store.newestFirst("all", { min: 0, max: Infinity }, 100);
  const records = await g.deps.store.getMany(all.map((e) => e.id));
  return records.filter((r) => r?.kind === "acknowledgement");
}

describe("an XDIS91 without attachments", () => {
  it("is converted and submitted as a CareCommunication, its ids remembered first", async () => {
    const g = legacyGateway();
    const answer = accepted(await submit(g, xdis91({ attachments: 0 })));
    expect(answer.status).toBe(202);
    expect(await g.deps.store.get(answer.body.id)).toMatchObject({
      kind: "new",
      status: "queued",
      sender: { gln: LEGACY_SENDER },
      receiver: { gln: LEGACY_RECEIVER },
      submittedBy: "bup-hilleroed",
    });
    expect(await g.deps.legacyIds.byLetter(LEGACY_SENDER, FLOW1.letter)).toEqual({
      messageId: answer.body.id,
      legacyParty: LEGACY_SENDER,
      documents: [{ kind: "xdis91", envelope: FLOW1.envelope, letter: FLOW1.letter, version: "XD9134L" }],
    });
  });

  it("sent again is the same message: 200 with the first body, stored once", async () => {
    const g = legacyGateway();
    const first = accepted(await submit(g, xdis91({ attachments: 0 })));
    g.clock.advance(MINUTE);
    const again = accepted(await submit(g, xdis91({ attachments: 0 })));
    expect(again).toEqual({ ...first, status: 200 });
    expect(await g.deps.store.countByStatus()).toMatchObject({ queued: 1 });
    // In a new envelope: a technical resend (new Bundle.id, same MessageHeader.id), MedCom's duplicate.
    const resent = accepted(await submit(g, xdis91({ attachments: 0, envelope: "KuvNrRESEND001" })));
    expect(resent).toEqual({ ...first, status: 200 });
    expect((await g.deps.store.events(first.body.id)).map((e) => e.type)).toContain("duplicate");
  });

  it("converted but refused by the validator: a fatal-error acknowledgement to the sender, MedCom's text first", async () => {
    const g = legacyGateway();
    const xml = new TextDecoder().decode(xdis91({ attachments: 0 })).replace("2512489996", "9999999999");
    const outcome = await submit(g, new TextEncoder().encode(xml));
    if (outcome.outcome !== "refused") throw new Error(outcome.outcome);
    expect(outcome.error.issues.map((i) => i.code)).toContain("cpr-format");
    const [ack] = await acknowledgements(g);
    expect(ack).toMatchObject({
      id: outcome.acknowledgement,
      responseCode: "fatal-error",
      receiver: { gln: LEGACY_SENDER },
    });
    const texts = issueTexts(await contentOf(g, ack?.id ?? ""));
    expect(texts[0]).toBe(CONVERSION_FAILED_TEXT);
    expect(texts[1]).toContain("A CPR number is 10 digits");
    // The refused letter's documents are remembered: the acknowledgement becomes an XCTL02 for the XDIS91.
    expect((await g.deps.legacyIds.byMessage(ack?.acknowledges ?? ""))?.documents[0]?.letter).toBe(FLOW1.letter);
    // Sent again: the same refusal, the same acknowledgement (its answer is its identity), not a second one.
    await submit(g, new TextEncoder().encode(xml));
    expect(await acknowledgements(g)).toHaveLength(1);
  });

  it("is refused for a location whose formats do not name xdis91", async () => {
    const g = memoryGateway();
    await expect(submit(g, xdis91({ attachments: 0 }))).rejects.toMatchObject({
      kind: "forbidden",
      issues: [expect.objectContaining({ code: "legacy-format-not-configured" })],
    });
  });

  it("is refused as a receipt's endpoint (an XCTL belongs at /v1/acknowledgements)", async () => {
    const g = legacyGateway();
    await expect(submitOioxml(g.caller("social-gribskov"), xctl03("xdis91"), g.deps)).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: "wrong-endpoint" })],
    });
  });
});

describe("an XDIS91 and its XBIN01", () => {
  it("XBIN01 first, then the XDIS91: one letter with both attachments, submitted once", async () => {
    const g = legacyGateway();
    const waiting = await submit(g, xbin01({ objects: 2 }));
    expect(waiting).toEqual({
      outcome: "waiting",
      answer: {
        status: 202,
        body: {
          status: "waiting-for-partner",
          waitingFor: "xdis91",
          sender: LEGACY_SENDER,
          attachment: SECOND_OBJECT < FLOW1.object ? SECOND_OBJECT : FLOW1.object,
          until: new Date(g.clock.ms() + 60 * MINUTE).toISOString(),
        },
      },
    });
    expect(await g.deps.store.countByStatus()).toMatchObject({ queued: 0, accepted: 0 });
    g.clock.advance(10 * MINUTE);
    const answer = accepted(await submit(g, xdis91({ attachments: 2 })));
    expect(answer.status).toBe(202);
    const bundle = await contentOf(g, answer.body.id);
    expect(attachmentsOf(bundle).map((a) => [a.contentType, Boolean(a.data)])).toEqual([
      ["application/pdf", true],
      ["application/pdf", true],
    ]);
    expect(await g.deps.legacyPairing.count()).toBe(0);
    expect((await g.deps.legacyIds.byMessage(answer.body.id))?.documents.map((d) => [d.kind, d.letter])).toEqual([
      ["xdis91", FLOW1.letter],
      ["xbin01", FLOW1.binaryLetter],
    ]);
    // Both parts again, after the pair was handed on: the same letter (200), nothing kept waiting.
    const again = accepted(await submit(g, xdis91({ attachments: 2 })));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(answer.body.id);
    expect(accepted(await submit(g, xbin01({ objects: 2 }))).body.id).toBe(answer.body.id);
    expect(await g.deps.legacyPairing.count()).toBe(0);
    expect(await g.deps.store.countByStatus()).toMatchObject({ queued: 1 });
    expect((await g.deps.store.events(answer.body.id)).map((e) => e.type)).not.toContain("duplicate");
    // The XDIS91 in a new envelope: a technical resend of the same message, counted as MedCom's duplicate.
    const resent = accepted(await submit(g, xdis91({ attachments: 2, envelope: "KuvNrRESEND001" })));
    expect(resent).toMatchObject({ status: 200, body: { id: answer.body.id } });
    expect((await g.deps.store.events(answer.body.id)).map((e) => e.type)).toContain("duplicate");
  });

  it("the XDIS91 first, the XBIN01 within the hour: the letter is submitted when the XBIN01 comes", async () => {
    const g = legacyGateway();
    expect((await submit(g, xdis91())).outcome).toBe("waiting");
    g.clock.advance(59 * MINUTE);
    const answer = accepted(await submit(g, xbin01()));
    expect(attachmentsOf(await contentOf(g, answer.body.id))).toHaveLength(1);
    expect(await timeOutLegacyPairs(g.deps)).toBe(0);
  });

  it("an XDIS91 whose XBIN01 does not come in 60 minutes: a fatal-error acknowledgement to the sender", async () => {
    const g = legacyGateway();
    await submit(g, xdis91());
    g.clock.advance(59 * MINUTE);
    expect(await timeOutLegacyPairs(g.deps)).toBe(0);
    g.clock.advance(MINUTE);
    expect(await timeOutLegacyPairs(g.deps)).toBe(1);
    expect(await g.deps.legacyPairing.count()).toBe(0);
    const [ack] = await acknowledgements(g);
    expect(ack).toMatchObject({
      responseCode: "fatal-error",
      sender: { gln: LEGACY_RECEIVER },
      receiver: { gln: LEGACY_SENDER },
      status: "queued",
    });
    // It answers the letter's derived id, whose OIOXML documents are remembered for the XCTL02.
    const correspondence = await g.deps.legacyIds.byMessage(ack?.acknowledges ?? "");
    expect(correspondence?.documents.map((d) => d.letter)).toEqual([FLOW1.letter]);
    const texts = issueTexts(await contentOf(g, ack?.id ?? ""));
    expect(texts[0]).toBe(CONVERSION_FAILED_TEXT);
    expect(texts.join("\n")).toContain("60 minutter");
    // The incomplete letter itself is never delivered.
    expect(await g.deps.store.get(ack?.acknowledges ?? "")).toBeUndefined();
  });

  it("a partner arriving while the timeout pass hands its XDIS91 on is asked to come again (503)", async () => {
    const g = legacyGateway();
    await submit(g, xdis91());
    g.clock.advance(61 * MINUTE);
    const claimed = await g.deps.legacyPairing.claimDue({ now: g.clock.ms(), waitMs: 0, leaseMs: 5 * MINUTE }, 10);
    expect(claimed).toHaveLength(1);
    await expect(submit(g, xbin01())).rejects.toMatchObject({
      kind: "unavailable",
      headers: { "Retry-After": "5" },
      issues: [expect.objectContaining({ code: "legacy-pair-busy" })],
    });
  });

  it("an XBIN01 whose XDIS91 does not come: a fatal-error acknowledgement over its stand-in", async () => {
    const g = legacyGateway();
    await submit(g, xbin01());
    g.clock.advance(61 * MINUTE);
    expect(await timeOutLegacyPairs(g.deps)).toBe(1);
    const [ack] = await acknowledgements(g);
    expect(ack).toMatchObject({ responseCode: "fatal-error", receiver: { gln: LEGACY_SENDER } });
    expect((await g.deps.legacyIds.byMessage(ack?.acknowledges ?? ""))?.documents).toEqual([
      { kind: "xbin01", envelope: FLOW1.binaryEnvelope, letter: FLOW1.binaryLetter, version: "XB0131X" },
    ]);
  });
});
