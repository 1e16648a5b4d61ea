// Mutual TLS: with TLS_CERT/TLS_KEY/TLS_CLIENT_CA the gateway serves HTTPS and requires a client certificate from the
// client CA; a configured certificate (SHA-256 fingerprint or subject serial) identifies its client without an API
// key. Certificates from `medcom-gateway certs init`; the server's own one read from a PKCS#12 file.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint256, readPkcs12, toPkcs12 } from "../../../src/crypto/certificates.js";
import { certificateClients, getWithCertificate, makeCertificates, type Certificates } from "../../support/certs.js";
import { demoConfig, GLN, KEYS, startTestGateway, type TestGateway } from "../../support/gateway.js";

let certs: Certificates;
let gateway: TestGateway;
const file = (name: string) => certs.file(name);

beforeAll(async () => {
  certs = await makeCertificates("mg-certs-");
  const serverP12 = join(certs.dir, "server.p12");
  writeFileSync(
    serverP12,
    toPkcs12({ certPem: file("server.crt"), keyPem: file("server.key") }, file("ca.crt"), "s3cret"),
  );
  gateway = await startTestGateway({
    // Identified by fingerprint alone (no API key), and by subject serial.
    config: demoConfig({ clients: certificateClients(certs) }),
    env: { tls: { certFile: serverP12, p12Password: "s3cret", clientCaFile: join(certs.dir, "ca.crt") } },
  });
});
afterAll(async () => {
  await gateway.stop();
});

const get = (path: string, client?: string, headers: Record<string, string> = {}) =>
  getWithCertificate(certs, gateway.running.port, path, client, headers);

describe("mutual TLS", () => {
  it("identifies a client by its certificate's fingerprint or subject serial", async () => {
    expect(await get(`/v1/mailboxes/${GLN.gp}/messages`, "gp-helsinge")).toBe(200);
    expect(await get(`/v1/mailboxes/${GLN.bup}/messages`, "bup-hilleroed")).toBe(200);
    // The certificate decides the client, and so the locations: not another's mailbox.
    expect(await get(`/v1/mailboxes/${GLN.bup}/messages`, "gp-helsinge")).toBe(403);
  });

  it("answers 401 to a valid certificate no client is configured with, unless an API key says who it is", async () => {
    expect(await get("/v1/locations", "ppr-gribskov")).toBe(401);
    expect(await get("/v1/locations", "ppr-gribskov", { Authorization: `Bearer ${KEYS.ppr}` })).toBe(200);
  });

  it("refuses a connection without a client certificate in the handshake", async () => {
    await expect(get("/healthz")).rejects.toThrow();
  });

  it("reads PKCS#12 files back with their key and certificate", () => {
    const p12 = readPkcs12(readFileSync(join(certs.dir, "clients/gp-helsinge.p12")), "demo");
    expect(fingerprint256(p12.certPem)).toBe(fingerprint256(file("clients/gp-helsinge.crt")));
    expect(p12.caPems).toHaveLength(1);
    expect(() => readPkcs12(readFileSync(join(certs.dir, "clients/gp-helsinge.p12")), "wrong")).toThrow();
  });
});
