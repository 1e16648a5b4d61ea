// The other payloads an envelope brings (issue 16, vans-in): a remote receiver's acknowledgement of a letter sent
// through the network (the letter acknowledged as for local delivery), and an OIOXML letter from a remote legacy
// sender (converted as the legacy ingress does). Document/Name is read as LEGACY.md §5.2 gives it.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildAcknowledgement } from "../../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../../src/medcom/fhir/index.js";
import { envelopeFor, writeVansEnvelope } from "../../../../src/medcom/vans/index.js";
import { payloadNamed } from "../../../../src/usecases/network/document-name.js";
import { receiveEnvelope } from "../../../../src/usecases/network/receive-envelope.js";
import { submitMessage } from "../../../../src/usecases/submit/submit-message.js";
import { composeFixture } from "../../../support/build.js";
import { LEGACY_RECEIVER, LEGACY_SENDER, xdis91 } from "../../../support/legacy-letters.js";
import { memoryGateway } from "../../../support/memory-gateway.js";
import { readBundle } from "../../../support/messages.js";
import { HELSINGE, networkGateway, PPR } from "../../../support/vans-inbound.js";

describe("Document/Name", () => {
  it("names the payloads the gateway takes, and nothing else", () => {
    expect(payloadNamed("MCM:FDIS91#examination-results")).toEqual({ family: "fhir", type: "CareCommunication" });
    expect(payloadNamed("MCM:FCTL#fatal-error")).toEqual({ family: "fhir", type: "Acknowledgement" });
    expect(payloadNamed("MCM:XBIN01")).toEqual({ family: "oioxml", type: "xbin01" });
    for (const name of ["MCM:FDIS91#", "MCM:FCTL#maybe", "MCM:XDIS22", "mcm:xdis91", ""])
      expect(payloadNamed(name)).toBeUndefined();
  });
});

describe("an acknowledgement from a remote receiver", () => {
  it("acknowledges the letter sent to it through the network", async () => {
    const g = networkGateway();
    const { body } = await submitMessage(
      g.caller("ppr-gribskov"),
      { type: "compose", body: composeFixture("new-ppr-to-gp.json") },
      g.deps,
    );
    const letter = readBundle((await g.deps.store.content(body.id)) ?? "", "json");
    const ack = buildAcknowledgement({
      message: letter,
      code: "ok",
      newId: randomUUID,
      now: g.clock.now().toISOString(),
    });
    const envelope = envelopeFor(
      {
        kind: "acknowledgement",
        messageId: ack.entry?.[0]?.resource?.id ?? "",
        code: "ok",
        mime: "application/fhir+xml",
        bytes: Buffer.from(writeFhirXml(ack), "utf8"),
      },
      { sender: HELSINGE, receiver: PPR },
    );
    const outcome = await receiveEnvelope(writeVansEnvelope(envelope), g.deps);
    expect(outcome).toMatchObject({ outcome: "answered", receipt: { kind: "positive" }, taken: "acknowledgement" });
    expect(await g.deps.store.get(body.id)).toMatchObject({ status: "acknowledged", ack: { code: "ok" } });
  });
});

describe("an OIOXML letter from a remote legacy sender", () => {
  it("is converted and taken, as from a legacy location served here", async () => {
    // The child psychiatry (Flow1's sender) is remote and registered for XDIS91; Gribskov's social services here.
    const g = memoryGateway({}, (config) => ({
      ...config,
      locations: config.locations.map((l) =>
        l.gln === LEGACY_SENDER ? { ...l, formats: ["xdis91" as const], delivery: { adapter: "vans" as const } } : l,
      ),
    }));
    const envelope = envelopeFor(
      { kind: "oioxml", type: "xdis91", messageId: randomUUID(), bytes: xdis91({ attachments: 0 }) },
      { sender: LEGACY_SENDER, receiver: LEGACY_RECEIVER },
    );
    const outcome = await receiveEnvelope(writeVansEnvelope(envelope), g.deps);
    expect(outcome).toMatchObject({ outcome: "answered", receipt: { kind: "positive" }, taken: "accepted" });
    const id = outcome.outcome === "answered" ? (outcome.messageId ?? "") : "";
    expect(await g.deps.store.get(id)).toMatchObject({
      sender: { gln: LEGACY_SENDER },
      receiver: { gln: LEGACY_RECEIVER },
      submittedBy: `vans:${LEGACY_SENDER}`,
    });
  });

  it("an XDIS91 in an envelope from another sender is refused", async () => {
    const g = networkGateway();
    const envelope = envelopeFor(
      { kind: "oioxml", type: "xdis91", messageId: randomUUID(), bytes: xdis91({ attachments: 0 }) },
      { sender: HELSINGE, receiver: LEGACY_RECEIVER },
    );
    const outcome = await receiveEnvelope(writeVansEnvelope(envelope), g.deps);
    expect(outcome).toMatchObject({ receipt: { kind: "negative" }, duplicate: false });
  });
});
