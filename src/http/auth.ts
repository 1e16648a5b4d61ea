// Who is calling (CONTRACT.md §2): `Authorization: Bearer <apiKey>`, or — under mutual TLS — the client certificate
// the TLS layer has verified, matched to a configured client. Neither → 401.
import type { TLSSocket } from "node:tls";
import type { Context } from "hono";
import type { Caller, ClientRegistry, PeerCertificate } from "../access/clients.js";
import { fail } from "../errors.js";
import type { AppEnv } from "./env.js";

function peerCertificate(socket: TLSSocket | undefined): PeerCertificate | undefined {
  if (!socket?.authorized || typeof socket.getPeerCertificate !== "function") return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert.fingerprint256) return undefined;
  const serial = (cert.subject as Record<string, string | string[] | undefined> | undefined)?.serialNumber;
  return {
    sha256: cert.fingerprint256.replace(/:/g, "").toLowerCase(),
    ...(typeof serial === "string" ? { subjectSerial: serial } : {}),
  };
}

/** The verified client certificate of a request's connection (mutual TLS), if any. */
export const peerOf = (c: Pick<Context<AppEnv>, "env">): PeerCertificate | undefined =>
  peerCertificate((c.env as AppEnv["Bindings"] | undefined)?.incoming?.socket as TLSSocket | undefined);

/** The caller of a request: its API key's client, or its verified certificate's; 401 (thrown) when neither. */
export function identify(clients: ClientRegistry, c: Context<AppEnv>): Caller {
  const header = c.req.header("Authorization");
  const peer = peerOf(c);
  if (header !== undefined) {
    const match = /^Bearer\s+(\S{1,512})$/i.exec(header);
    if (!match?.[1])
      fail("unauthenticated", "credentials-missing", "Authorization", "Send Authorization: Bearer <api key>.");
    // A client configured with a certificate as well is refused unless this connection presented it too.
    const caller = clients.authenticate(match[1], peer);
    if (!caller)
      fail(
        "unauthenticated",
        "credentials-invalid",
        "Authorization",
        "The API key is not known, or its client's certificate is missing.",
      );
    return caller;
  }
  const caller = peer ? clients.authenticateCertificate(peer) : undefined;
  if (!caller) {
    fail(
      "unauthenticated",
      peer ? "certificate-unknown" : "credentials-missing",
      "Authorization",
      peer ? "The client certificate is not configured for any client." : "Send Authorization: Bearer <api key>.",
    );
  }
  return caller;
}
