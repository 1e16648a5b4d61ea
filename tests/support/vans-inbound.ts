// The inbound side of VANS on the in-memory ports (issue 16, vans-in): a gateway where Lægerne Helsinge (and
// Lægerne Frederiksværk) are remote locations reached through the network, the VANS envelope stores in memory, and
// envelopes as the network would bring them. [Merge note: the memory stores here stand in for vans-out's
// src/store/memory twins until that branch lands.]
import type {
  VansAnsweredReceipt,
  VansReceivedEnvelopes,
  VansSentEnvelope,
  VansSentEnvelopes,
} from "../../src/domain/ports/index.js";
import { writeFhirXml } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { envelopeFor, writeVansEnvelope, type VansMessageEnvelope } from "../../src/medcom/vans/index.js";
import type { NetworkDeps } from "../../src/usecases/network/network-deps.js";
import { build, composeFixture, sequentialIds } from "./build.js";
import { memoryGateway, type MemoryGateway } from "./memory-gateway.js";

export const PPR = "5790001348120";
export const HALSNAES = "5790004110038";
export const HELSINGE = "5790000209354";
export const FREDERIKSVAERK = "5790004110021";
/** Socialforvaltningen Gribskov, served here. */
export const SOCIAL = "5790000121441";
/** A valid GLN nobody configured. */
export const STRANGER = "5790000000005";

export function memoryVansEnvelopes(): { received: VansReceivedEnvelopes; sent: VansSentEnvelopes } {
  const byEnvelope = new Map<string, string>();
  const byMessage = new Map<string, { envelopeIdentifier: string; receipt: VansAnsweredReceipt }>();
  const sent = new Map<string, VansSentEnvelope>();
  return {
    received: {
      seen: (e, m) =>
        Promise.resolve({
          ...(byEnvelope.has(e) ? { byEnvelope: { messageIdentifier: byEnvelope.get(e) ?? "" } } : {}),
          ...(byMessage.has(m) ? { byMessage: byMessage.get(m) } : {}),
        }),
      remember(e, m, receipt) {
        if (!byEnvelope.has(e)) byEnvelope.set(e, m);
        if (!byMessage.has(m)) byMessage.set(m, { envelopeIdentifier: e, receipt });
        return Promise.resolve();
      },
    },
    sent: {
      record(s) {
        sent.set(s.envelopeIdentifier, s);
        return Promise.resolve();
      },
      byEnvelope: (e) => Promise.resolve(sent.get(e)),
    },
  };
}

export interface NetworkGateway extends MemoryGateway {
  net: NetworkDeps;
}

/** The demo gateway with Helsinge and Frederiksværk remote (`delivery: {adapter: "vans"}`). */
export function networkGateway(): NetworkGateway {
  const g = memoryGateway({}, (config) => ({
    ...config,
    locations: config.locations.map((l) =>
      l.gln === HELSINGE || l.gln === FREDERIKSVAERK ? { ...l, delivery: { adapter: "vans" as const } } : l,
    ),
  }));
  const stores = memoryVansEnvelopes();
  return { ...g, net: { ...g.deps, vansReceived: stores.received, vansSent: stores.sent } };
}

/** A new letter from Helsinge (remote) to PPR Gribskov (served here); `start` varies the ids. */
export function letterFromHelsinge(start = 1000, receiver = PPR): Bundle {
  return build(composeFixture("new-ppr-to-gp.json", { sender: HELSINGE, receiver }), undefined, sequentialIds(start));
}

export const headerId = (bundle: Bundle): string => bundle.entry?.[0]?.resource?.id ?? "";

/** The envelope the network brings `bundle` in; `o` overrides its ends and identifiers. */
export function envelopeOf(
  bundle: Bundle,
  o: { sender?: string; receiver?: string; envelopeIdentifier?: string; messageIdentifier?: string } = {},
): VansMessageEnvelope {
  const bytes = Buffer.from(writeFhirXml(bundle), "utf8");
  return envelopeFor(
    {
      kind: "care-communication",
      messageId: o.messageIdentifier ?? headerId(bundle),
      category: "examination-results",
      mime: "application/fhir+xml",
      bytes,
    },
    {
      sender: o.sender ?? HELSINGE,
      receiver: o.receiver ?? PPR,
      ...(o.envelopeIdentifier ? { envelopeIdentifier: o.envelopeIdentifier } : {}),
    },
  );
}

export const bytesOf = (envelope: VansMessageEnvelope): Uint8Array => writeVansEnvelope(envelope);
