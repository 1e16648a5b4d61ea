// Mutual TLS, issue 11 point 15: a client certificate revoked by the client CA's CRL (TLS_CLIENT_CRL) is refused in
// the handshake, and a new CRL takes effect without a restart; a client configured with both a certificate and an
// API key needs both on every request (either alone is refused).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../../src/config/schema.js";
import { createCrl, serialOf } from "../../../src/crypto/crl.js";
import { certificateClients, getWithCertificate, makeCertificates, type Certificates } from "../../support/certs.js";
import { demoConfig, eventually, GLN, startTestGateway, type TestGateway } from "../../support/gateway.js";

let certs: Certificates;
const ca = () => ({ certPem: certs.file("ca.crt"), keyPem: certs.file("ca.key") });
const serial = (client: string) => serialOf(certs.file(`clients/${client}.crt`));
let crlFile: string;
const BOTH_KEY = "both-key-0123456789abcdef";
let gateway: TestGateway;

beforeAll(async () => {
  certs = await makeCertificates("mg-crl-");
  crlFile = join(certs.dir, "crl.pem");
  writeFileSync(crlFile, createCrl(ca(), [serial("gp-helsinge")]));
  gateway = await startTestGateway({
    config: demoConfig({
      clients: [
        ...certificateClients(certs),
        // Certificate and key: both needed.
        {
          id: "both",
          certificate: { subjectSerial: "UID:social-gribskov" },
          apiKeySha256: hashApiKey(BOTH_KEY),
          locations: [GLN.ppr],
          roles: ["receive"],
        },
      ],
    }),
    env: {
      tls: {
        certFile: join(certs.dir, "server.crt"),
        keyFile: join(certs.dir, "server.key"),
        clientCaFile: join(certs.dir, "ca.crt"),
        clientCrlFile: crlFile,
        refreshMs: 100,
      },
    },
  });
});
afterAll(async () => {
  await gateway.stop();
});

/** A request on a fresh connection (no pooled one: each must go through the handshake). */
const get = (path: string, client: string, headers: Record<string, string> = {}) =>
  getWithCertificate(certs, gateway.running.port, path, client, headers);

describe("mutual TLS with a CRL", () => {
  it("refuses a revoked client certificate in the handshake and accepts the others", async () => {
    await expect(get(`/v1/mailboxes/${GLN.gp}/messages`, "gp-helsinge")).rejects.toThrow();
    expect(await get(`/v1/mailboxes/${GLN.bup}/messages`, "bup-hilleroed")).toBe(200);
  });

  it("takes a new CRL without a restart", async () => {
    writeFileSync(crlFile, createCrl(ca(), [serial("gp-helsinge"), serial("bup-hilleroed")]));
    await eventually(
      () =>
        get(`/v1/mailboxes/${GLN.bup}/messages`, "bup-hilleroed").then(
          () => undefined,
          () => true,
        ),
      10_000,
      "the new CRL to refuse bup-hilleroed",
    );
    expect(
      await get(`/v1/mailboxes/${GLN.ppr}/messages`, "social-gribskov", { Authorization: `Bearer ${BOTH_KEY}` }),
    ).toBe(200);
  });
});

describe("a client configured with a certificate and an API key", () => {
  it("needs both: the key over another client's certificate, or the certificate alone, is refused", async () => {
    const path = `/v1/mailboxes/${GLN.ppr}/messages`;
    expect(await get(path, "social-gribskov", { Authorization: `Bearer ${BOTH_KEY}` })).toBe(200);
    expect(await get(path, "ppr-gribskov", { Authorization: `Bearer ${BOTH_KEY}` })).toBe(401);
    expect(await get(path, "social-gribskov")).toBe(401);
  });
});
