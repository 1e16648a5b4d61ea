// A PKCS#7 / CMS detached signature (node-forge) over a webhook body, made with the gateway's certificate, for
// receivers that want a signature they can check against a certificate rather than a shared secret. Verifiable with
// `openssl cms -verify -binary -inform DER -in signature.der -content body -CAfile ca.crt`.
import forge from "node-forge";
import type { KeyAndCertificate } from "./certificates.js";

export interface Pkcs7Signer {
  /** Base64 of the DER-encoded detached SignedData over the body's bytes (a string: its UTF-8 bytes). */
  sign(body: string | Uint8Array): string;
}

export function createPkcs7Signer(own: KeyAndCertificate): Pkcs7Signer {
  const certificate = forge.pki.certificateFromPem(own.certPem);
  const key = forge.pki.privateKeyFromPem(own.keyPem);
  return {
    sign(body) {
      const p7 = forge.pkcs7.createSignedData();
      p7.content = forge.util.createBuffer(
        (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body)).toString("binary"),
      );
      p7.addCertificate(certificate);
      p7.addSigner({
        key,
        certificate,
        digestAlgorithm: forge.pki.oids.sha256 ?? "",
        authenticatedAttributes: [
          { type: forge.pki.oids.contentType ?? "", value: forge.pki.oids.data ?? "" },
          { type: forge.pki.oids.messageDigest ?? "" },
          { type: forge.pki.oids.signingTime ?? "" },
        ],
      });
      p7.sign({ detached: true });
      return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary").toString("base64");
    },
  };
}
