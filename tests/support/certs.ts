// Certificates for the mutual-TLS tests, made by `medcom-gateway certs init` as an operator would, the clients the
// tests identify by certificate, and a request over HTTPS with a client certificate.
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli.js";
import { fingerprint256 } from "../../src/crypto/certificates.js";
import { GLN } from "./gateway.js";

export interface Certificates {
  dir: string;
  /** A file of the certificate folder, as text. */
  file(name: string): string;
}

/** `certs init` into a new temporary folder: CA, server certificate, clients/<id>.crt/.key. */
export async function makeCertificates(prefix: string): Promise<Certificates> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let out = "";
  const code = await run(["certs", "init", dir], {
    out: (t) => (out += t),
    err: (t) => (out += t),
    readFile: () => Buffer.alloc(0),
    env: {},
  });
  if (code !== 0) throw new Error(`certs init failed (${code}): ${out}`);
  return { dir, file: (name) => readFileSync(join(dir, name), "utf8") };
}

/** Clients known by their certificate alone: the GP by fingerprint, child psychiatry by subject serial. */
export function certificateClients(certs: Certificates) {
  return [
    {
      id: "gp-cert",
      certificate: { sha256: fingerprint256(certs.file("clients/gp-helsinge.crt")) },
      locations: [GLN.gp],
      roles: ["receive"],
    },
    {
      id: "bup-cert",
      certificate: { subjectSerial: "UID:bup-hilleroed" },
      locations: [GLN.bup],
      roles: ["receive"],
    },
  ];
}

/** GET over HTTPS on a fresh connection (each goes through the handshake), as `client` if given; the status. */
export function getWithCertificate(
  certs: Certificates,
  port: number | undefined,
  path: string,
  client?: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        servername: "localhost",
        port,
        path,
        headers,
        agent: false,
        ca: certs.file("ca.crt"),
        ...(client ? { cert: certs.file(`clients/${client}.crt`), key: certs.file(`clients/${client}.key`) } : {}),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end();
  });
}
