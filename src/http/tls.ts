// The HTTPS server options for mutual TLS: the gateway's certificate (PEM, or PKCS#12 read with node-forge) and the
// CA whose client certificates it accepts. A connection without a valid client certificate is refused in the
// handshake; which client it is, is decided by the configuration (auth.ts). With TLS_CLIENT_CRL, a revoked client
// certificate is refused in the handshake too (issue 11, point 15); the files are re-read every minute, so a new CRL
// (or a renewed server certificate) takes effect without a restart.
import { readFileSync } from "node:fs";
import type { Server, ServerOptions } from "node:https";
import type { Logger } from "../log.js";
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
    // OpenSSL then checks every client certificate against a CRL of its issuer, and fails closed: a certificate whose
    // CA has no CRL here, or whose CRL has passed its nextUpdate, is refused.
    ...(files.clientCrlFile ? { crl: readFileSync(files.clientCrlFile, "utf8") } : {}),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: "TLSv1.2",
  };
}

const TLS_REFRESH_MS = 60_000;

/**
 * Re-read the TLS files (the CRL above all: a CA publishes a new one before the old one's nextUpdate) every
 * `files.refreshMs` and give new connections the new context. A file that does not read keeps the context in force,
 * with a warning. Returns the function that stops it.
 */
export function refreshTlsFiles(server: Server, files: TlsFiles, log: Logger): () => void {
  const timer = setInterval(() => {
    try {
      server.setSecureContext(tlsServerOptions(files));
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, "TLS files not re-read; the old ones stay");
    }
  }, files.refreshMs ?? TLS_REFRESH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
