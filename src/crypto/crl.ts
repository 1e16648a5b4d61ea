// A certificate revocation list (RFC 5280 §5) signed by a CA, made with node-forge's ASN.1 (forge has no CRL API):
// for `TLS_CLIENT_CRL` with the development CA of `certs init`, and for tests. A production CA publishes its own.
import forge from "node-forge";
import type { KeyAndCertificate } from "./certificates.js";

const { asn1 } = forge;
const seq = (value: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
const utcTime = (date: Date) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date));
const integer = (hex: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(hex.length % 2 ? `0${hex}` : hex));
const sha256WithRsa = () =>
  seq([
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.OID,
      false,
      asn1.oidToDer(forge.pki.oids.sha256WithRSAEncryption ?? "").getBytes(),
    ),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
  ]);

/** A PEM CRL of `ca` revoking the certificates with these serial numbers (hex), valid for `days` from now. */
export function createCrl(
  ca: KeyAndCertificate,
  revokedSerials: readonly string[],
  days = 7,
  now = new Date(),
): string {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const nextUpdate = new Date(now.getTime() + days * 24 * 3600 * 1000);
  const tbs = seq([
    integer("01"), // v2
    sha256WithRsa(),
    forge.pki.distinguishedNameToAsn1(caCert.subject),
    utcTime(now),
    utcTime(nextUpdate),
    ...(revokedSerials.length > 0 ? [seq(revokedSerials.map((serial) => seq([integer(serial), utcTime(now)])))] : []),
  ]);
  const md = forge.md.sha256.create();
  md.update(asn1.toDer(tbs).getBytes());
  const signature = forge.pki.privateKeyFromPem(ca.keyPem).sign(md);
  const crl = seq([
    tbs,
    sha256WithRsa(),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\u0000${signature}`),
  ]);
  const body = forge.util.encode64(asn1.toDer(crl).getBytes(), 64);
  return `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n`;
}

/** A certificate's serial number, hex, as a CRL lists it. */
export const serialOf = (certPem: string): string => forge.pki.certificateFromPem(certPem).serialNumber;
