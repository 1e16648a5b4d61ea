// `medcom-gateway certs init <dir>`: a development CA, a server certificate for localhost and a client certificate
// (PEM and PKCS#12, password "demo") for every client in the configuration, so mutual TLS can be tried locally. It
// prints the `certificate` entries to put in the configuration. Development only: real deployments use the
// organisations' own system certificates.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnv, loadGatewayConfig } from "../config/load.js";
import { createCertificateAuthority, fingerprint256, issueCertificate, toPkcs12 } from "../crypto/certificates.js";
import type { CliIo } from "./io.js";

const DEMO_P12_PASSWORD = "demo";

const PLAIN_NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

export function certsCommand(args: readonly string[], io: CliIo): number {
  const [sub, dir, ...rest] = args;
  if (sub !== "init" || !dir || rest.length > 0) {
    io.err("Usage: medcom-gateway certs init <dir>\n");
    return 2;
  }
  if (existsSync(join(dir, "ca.crt"))) {
    io.err(`${dir} holds certificates already; choose an empty directory.\n`);
    return 1;
  }
  const env = loadEnv(io.env);
  const config = env.ok ? loadGatewayConfig(env.value.configPath) : undefined;
  if (!config?.ok) {
    io.err("The configuration must load first (GATEWAY_CONFIG).\n");
    return 2;
  }
  // Client ids become file names: only plain ones (issue 11, point 1's rule: no file name from unchecked text).
  const unsafe = config.value.clients.find((client) => !PLAIN_NAME.test(client.id) || client.id.includes(".."));
  if (unsafe) {
    io.err("Client ids become file names here: use letters, digits, '.', '_' and '-' only.\n");
    return 2;
  }
  mkdirSync(join(dir, "clients"), { recursive: true, mode: 0o700 });
  // Created exclusively ("wx": O_CREAT | O_EXCL): never written through a link or over a file already there.
  const write = (name: string, data: string | Buffer, secret = false) =>
    writeFileSync(join(dir, name), data, { mode: secret ? 0o600 : 0o644, flag: "wx" });
  const ca = createCertificateAuthority("medcom-gateway development CA");
  write("ca.crt", ca.certPem);
  write("ca.key", ca.keyPem, true);
  const server = issueCertificate(ca, { commonName: "localhost", hosts: ["localhost", "127.0.0.1"] });
  write("server.crt", server.certPem);
  write("server.key", server.keyPem, true);
  const entries: Record<string, { sha256: string }> = {};
  for (const client of config.value.clients) {
    const pair = issueCertificate(ca, { commonName: client.id, subjectSerial: `UID:${client.id}` });
    write(`clients/${client.id}.crt`, pair.certPem);
    write(`clients/${client.id}.key`, pair.keyPem, true);
    write(`clients/${client.id}.p12`, toPkcs12(pair, ca.certPem, DEMO_P12_PASSWORD), true);
    entries[client.id] = { sha256: fingerprint256(pair.certPem) };
  }
  io.out(
    `Wrote ${dir}/ca.crt, server.crt/.key and clients/<id>.crt/.key/.p12 (password "${DEMO_P12_PASSWORD}").\n` +
      `Start with TLS_CERT=${dir}/server.crt TLS_KEY=${dir}/server.key TLS_CLIENT_CA=${dir}/ca.crt and give each client\n` +
      `its "certificate" in the configuration:\n${JSON.stringify(entries, null, 2)}\n`,
  );
  return 0;
}
