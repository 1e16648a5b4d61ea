// X.509 for mutual TLS (issue: security): a development CA, server and client certificates, PKCS#12 files and their
// fingerprints, made and read with node-forge. Keys come from Node's native generator (forge's pure-JS RSA is slow).
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

export interface KeyAndCertificate {
  keyPem: string;
  certPem: string;
}

const DAY_MS = 24 * 3600 * 1000;

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

function baseCertificate(publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial (leading 0x01 keeps the top bit clear).
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  return cert;
}

export function createCertificateAuthority(name: string): KeyAndCertificate {
  const keys = newKeyPair();
  const cert = baseCertificate(keys.publicKey, 3650);
  const subject = [{ name: "commonName", value: name }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

export interface IssueOptions {
  commonName: string;
  /** The subject serialNumber attribute, as Danish system certificates carry one (e.g. "CVR:12345678-UID:…"). */
  subjectSerial?: string;
  /** Host names and IP addresses for a server certificate; none for a client certificate. */
  hosts?: readonly string[];
  days?: number;
}

export function issueCertificate(ca: KeyAndCertificate, options: IssueOptions): KeyAndCertificate {
  const keys = newKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = baseCertificate(keys.publicKey, options.days ?? 825);
  cert.setSubject([
    { name: "commonName", value: options.commonName },
    ...(options.subjectSerial ? [{ name: "serialNumber", value: options.subjectSerial }] : []),
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const server = (options.hosts?.length ?? 0) > 0;
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: server, clientAuth: !server },
    ...(server
      ? [
          {
            name: "subjectAltName",
            altNames: (options.hosts ?? []).map((h) =>
              /^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h },
            ),
          },
        ]
      : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** A PKCS#12 (.p12) file holding a key, its certificate and the CA, protected by `password`. */
export function toPkcs12(pair: KeyAndCertificate, caCertPem: string, password: string): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(pair.keyPem),
    [forge.pki.certificateFromPem(pair.certPem), forge.pki.certificateFromPem(caCertPem)],
    password,
    { algorithm: "aes256" },
  );
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary");
}

/** The key and certificate (and any CA certificates) in a PKCS#12 file. */
export function readPkcs12(der: Buffer, password: string): KeyAndCertificate & { caPems: string[] } {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString("binary")), password);
  const keyOid = forge.pki.oids.pkcs8ShroudedKeyBag ?? "";
  const certOid = forge.pki.oids.certBag ?? "";
  const key = p12.getBags({ bagType: keyOid })[keyOid]?.[0]?.key;
  const bags: forge.pkcs12.Bag[] = p12.getBags({ bagType: certOid })[certOid] ?? [];
  const certs = bags.flatMap((b): forge.pki.Certificate[] => (b.cert ? [b.cert] : []));
  if (!key || certs.length === 0) throw new Error("the PKCS#12 file holds no key and certificate");
  const publicKeyPem = forge.pki.publicKeyToPem(forge.pki.setRsaPublicKey(key.n, key.e));
  const own = certs.find((c) => forge.pki.publicKeyToPem(c.publicKey) === publicKeyPem) ?? certs[0];
  if (!own) throw new Error("the PKCS#12 file holds no certificate");
  return {
    keyPem: forge.pki.privateKeyToPem(key),
    certPem: forge.pki.certificateToPem(own),
    caPems: certs.filter((c) => c !== own).map((c) => forge.pki.certificateToPem(c)),
  };
}

/** SHA-256 fingerprint of a certificate's DER, lower-case hex without separators. */
export function fingerprint256(certPem: string): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes();
  return createHash("sha256").update(Buffer.from(der, "binary")).digest("hex");
}
