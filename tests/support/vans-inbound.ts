// The inbound side of VANS on the in-memory ports (issue 16, vans-in): a gateway where Lægerne Helsinge (and
// Lægerne Frederiksværk) are remote locations reached through the network, the VANS envelope stores in memory, and
// envelopes as the network would bring them.
import { writeFhirXml } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { envelopeFor, writeVansEnvelope, type VansMessageEnvelope } from "../../src/medcom/vans/index.js";
import type { UseCaseDeps } from "../../src/usecases/deps.js";
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

export interface NetworkGateway extends MemoryGateway {
  /** The use cases' dependencies (the VANS envelope stores are vans-out's memory twins). */
  net: UseCaseDeps;
}

/** The demo gateway with Helsinge and Frederiksværk remote (`delivery: {adapter: "vans"}`). */
export function networkGateway(): NetworkGateway {
  const g = memoryGateway({}, (config) => ({
    ...config,
    locations: config.locations.map((l) =>
      l.gln === HELSINGE || l.gln === FREDERIKSVAERK ? { ...l, delivery: { adapter: "vans" as const } } : l,
    ),
  }));
  return { ...g, net: g.deps };
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
