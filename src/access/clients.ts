// Who is calling: API keys are compared in constant time, over SHA-256 hashes of equal length. What they may do is
// decided in authorize.ts.
import { hash, timingSafeEqual } from "node:crypto";
import type { ClientConfig } from "../config/schema.js";

export interface Caller {
  id: string;
  locations: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  /** Requests a minute before 429. */
  requestsPerMinute: number;
}

/** The caller a background source acts as for one sending location: a file-drop inbox, the network (`vans`). */
export function actingFor(gln: string, source: string): Caller {
  return {
    id: `${source}:${gln}`,
    locations: new Set([gln]),
    roles: new Set(["send", "receive"]),
    requestsPerMinute: Number.POSITIVE_INFINITY,
  };
}

export interface PeerCertificate {
  /** SHA-256 fingerprint, lower-case hex. */
  sha256: string;
  subjectSerial?: string;
}

export interface ClientRegistry {
  /**
   * The client of an API key. A client configured with a certificate as well needs it too: `peer` (the verified
   * client certificate of the connection) must match it, or the key alone is refused (issue 11, point 15).
   */
  authenticate(apiKey: string, peer?: PeerCertificate): Caller | undefined;
  /** The client a verified client certificate identifies alone (mutual TLS; a client configured without a key). */
  authenticateCertificate(peer: PeerCertificate): Caller | undefined;
  /** The client with this id (a signed-in administrator's session names its client). */
  byId(id: string): Caller | undefined;
}

/** One-shot: no Hash object (a stream) per request for the key every /v1 request presents (issue 17, point 3). */
const sha256 = (text: string) => hash("sha256", text, "buffer");

export function createClientRegistry(clients: readonly ClientConfig[]): ClientRegistry {
  const entries = clients.map((c) => ({
    hash: Buffer.from(c.keyHash, "hex"),
    certificate: c.certificate,
    certificateOnly: c.certificateOnly === true,
    caller: {
      id: c.id,
      locations: new Set(c.locations),
      roles: new Set<string>(c.roles),
      requestsPerMinute: c.requestsPerMinute,
    },
  }));
  return {
    authenticate(apiKey, peer) {
      const presented = sha256(apiKey);
      let found: (typeof entries)[number] | undefined;
      // Every entry is compared, found or not, so the time taken says nothing about which key matched.
      for (const e of entries) if (timingSafeEqual(e.hash, presented)) found = e;
      if (found?.certificate && !(peer && matches(found.certificate, peer))) return undefined;
      return found?.caller;
    },
    byId: (id) => entries.find((e) => e.caller.id === id)?.caller,
    authenticateCertificate(peer) {
      // The TLS layer has already verified the chain to TLS_CLIENT_CA; here the certificate is matched to a client.
      return entries.find(
        ({ certificate, certificateOnly }) =>
          certificateOnly && certificate !== undefined && matches(certificate, peer),
      )?.caller;
    },
  };
}

function matches(certificate: NonNullable<ClientConfig["certificate"]>, peer: PeerCertificate): boolean {
  return (
    (certificate.sha256 === undefined || certificate.sha256 === peer.sha256) &&
    (certificate.subjectSerial === undefined || certificate.subjectSerial === peer.subjectSerial)
  );
}
