// The VANS inbox pass over the folder transport (issue 16, vans-in) on the in-memory ports: an envelope is answered
// (receipt in the outbox) and removed, one that cannot be answered is rejected with a report, a receipt is applied
// and removed unanswered; Redis away or the outbox unusable leaves the envelope for a later pass, which answers it
// as the first time.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderTransport } from "../../../adapters/vans/folder-transport.js";
import { VansUnreachable } from "../../../adapters/vans/transport.js";
import { pollVansInbox } from "../../../src/background/vans-inbox.js";
import { readVansEnvelope } from "../../../src/medcom/vans/index.js";
import { memoryEnvelopeClaims } from "../../../src/store/vans-claims.js";
import { bytesOf, envelopeOf, headerId, letterFromHelsinge, networkGateway } from "../../support/vans-inbound.js";

function folders() {
  const root = mkdtempSync(join(tmpdir(), "mg-vans-inbox-"));
  const outbox = join(root, "out");
  const inbox = join(root, "in");
  mkdirSync(outbox);
  mkdirSync(inbox);
  return { outbox, inbox, transport: folderTransport({ outbox, inbox }) };
}

const receiptKinds = (outbox: string) =>
  readdirSync(outbox).map((name) => {
    const read = readVansEnvelope(readFileSync(join(outbox, name)));
    return read.ok && read.value.kind === "receipt" ? read.value.receipt.kind : "not a receipt";
  });

describe("the VANS inbox pass", () => {
  it("answers an envelope with its receipt in the outbox, then removes it", async () => {
    const g = networkGateway();
    const { outbox, inbox, transport } = folders();
    const letter = letterFromHelsinge();
    const envelope = envelopeOf(letter);
    writeFileSync(join(inbox, `${envelope.envelopeIdentifier}.xml`), bytesOf(envelope));
    expect(await pollVansInbox(transport, g.deps)).toBe(1);
    expect(readdirSync(inbox)).toEqual([]);
    expect(receiptKinds(outbox)).toEqual(["positive-message"]);
    expect(await g.deps.store.get(headerId(letter))).toMatchObject({ receiver: { gln: "5790001348120" } });
  });

  it("rejects what cannot be answered, with a report, and sends nothing", async () => {
    const g = networkGateway();
    const { outbox, inbox, transport } = folders();
    writeFileSync(join(inbox, "noise.xml"), "<Nope/>");
    expect(await pollVansInbox(transport, g.deps)).toBe(1);
    expect(readdirSync(outbox)).toEqual([]);
    expect(readdirSync(join(inbox, "rejected")).sort()).toEqual(["noise.xml", "noise.xml.problem.txt"]);
    expect(readFileSync(join(inbox, "rejected", "noise.xml.problem.txt"), "utf8")).toContain("vans-root");
  });

  it("an envelope larger than the limit is rejected unread", async () => {
    const g = networkGateway();
    const { inbox, transport } = folders();
    writeFileSync(join(inbox, "big.xml"), bytesOf(envelopeOf(letterFromHelsinge())));
    await pollVansInbox(transport, g.deps, { maxBytes: 100 });
    expect(readdirSync(join(inbox, "rejected"))).toContain("big.xml");
  });

  it("leaves the envelope when Redis is away", async () => {
    const g = networkGateway();
    const { outbox, inbox, transport } = folders();
    const away = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" });
    const deps = { ...g.deps, vansReceived: { ...g.deps.vansReceived, seen: () => Promise.reject(away) } };
    writeFileSync(join(inbox, "a.xml"), bytesOf(envelopeOf(letterFromHelsinge())));
    await expect(pollVansInbox(transport, deps)).rejects.toBe(away);
    expect(readdirSync(inbox)).toEqual(["a.xml"]);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it("an outbox that cannot be written leaves the envelope; the next pass answers it as the first time", async () => {
    const g = networkGateway();
    const { outbox, inbox, transport } = folders();
    const letter = letterFromHelsinge();
    writeFileSync(join(inbox, "a.xml"), bytesOf(envelopeOf(letter)));
    const broken = {
      ...transport,
      put: () => Promise.reject(new VansUnreachable("the VANS outbox folder cannot be used")),
    };
    await expect(pollVansInbox(broken, g.deps)).rejects.toBeInstanceOf(VansUnreachable);
    expect(readdirSync(inbox)).toEqual(["a.xml"]);
    expect(await pollVansInbox(transport, g.deps)).toBe(1);
    expect(receiptKinds(outbox)).toEqual(["positive-message"]);
    const all = await g.deps.store.newestFirst("all", { min: 0, max: Infinity }, 10);
    expect(all.map((e) => e.id)).toEqual([headerId(letter)]);
  });

  it("skips an envelope another process has claimed", async () => {
    const g = networkGateway();
    const { inbox, transport } = folders();
    writeFileSync(join(inbox, "a.xml"), bytesOf(envelopeOf(letterFromHelsinge())));
    const claims = memoryEnvelopeClaims();
    await claims.claim("a.xml");
    expect(await pollVansInbox(transport, g.deps, { claims })).toBe(0);
    expect(readdirSync(inbox)).toEqual(["a.xml"]);
    await claims.release("a.xml");
    expect(await pollVansInbox(transport, g.deps, { claims })).toBe(1);
  });
});
