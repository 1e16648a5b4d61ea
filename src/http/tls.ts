// The HTTPS server options for mutual TLS: the gateway's certificate (PEM, or PKCS#12 read with node-forge) and the
// CA whose client certificates it accepts. A connection without a valid client certificate is refused in the
// handshake; which client it is, is decided by the configuration (auth.ts).
import { readFileSync } from "node:fs";
import type { ServerOptions } from "node:https";
import type { TlsFiles } from "../config/load.js";
import { readPkcs12, type KeyAndCertificate } from "../crypto/certificates.js";

/** A key and certificate from PEM files, or from one PKCS#12 file. */
export function readKeyAndCertificate(files: {
  certFile: string;
  keyFile?: string;
  p12Password?: string;
}): KeyAndCertificate {
  return /\.(p12|pfx)$/i.test(files.certFile)
    ? readPkcs12(readFileSync(files.certFile), files.p12Password ?? "")
    : { certPem: readFileSync(files.certFile, "utf8"), keyPem: readFileSync(files.keyFile ?? "", "utf8") };
}

export function tlsServerOptions(files: TlsFiles): ServerOptions {
  const own = readKeyAndCertificate(files);
  return {
    cert: own.certPem,
    key: own.keyPem,
    ca: readFileSync(files.clientCaFile, "utf8"),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: "TLSv1.2",
  };
}
