// Mutual TLS, issue 11 point 15: a client certificate revoked by the client CA's CRL (TLS_CLIENT_CRL) is refused in
// the handshake, and a new CRL takes effect without a restart; a client configured with both a certificate and an
// API key needs both on every request (either alone is refused).
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../../src/cli.js";
import { hashApiKey } from "../../../src/config/schema.js";
import { fingerprint256 } from "../../../src/crypto/certificates.js";
import { createCrl, serialOf } from "../../../src/crypto/crl.js";
import { demoConfig, eventually, GLN, startTestGateway, type TestGateway } from "../../support/gateway.js";

const dir = mkdtempSync(join(tmpdir(), "mg-crl-"));
const file = (name: string) => readFileSync(join(dir, name), "utf8");
const ca = () => ({ certPem: file("ca.crt"), keyPem: file("ca.key") });
const serial = (client: string) => serialOf(file(`clients/${client}.crt`));
const crlFile = join(dir, "crl.pem");
const BOTH_KEY = "both-key-0123456789abcdef";
let gateway: TestGateway;

beforeAll(async () => {
  const code = await run(["certs", "init", dir], {
    out: () => undefined,
    err: () => undefined,
    readFile: () => Buffer.alloc(0),
    env: {},
  });
  expect(code).toBe(0);
  writeFileSync(crlFile, createCrl(ca(), [serial("gp-helsinge")]));
  gateway = await startTestGateway({
    config: demoConfig({
      clients: [
        {
          id: "gp-cert",
          certificate: { sha256: fingerprint256(file("clients/gp-helsinge.crt")) },
          locations: [GLN.gp],
          roles: ["receive"],
        },
        {
          id: "bup-cert",
          certificate: { subjectSerial: "UID:bup-hilleroed" },
          locations: [GLN.bup],
          roles: ["receive"],
        },
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
        certFile: join(dir, "server.crt"),
        keyFile: join(dir, "server.key"),
        clientCaFile: join(dir, "ca.crt"),
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
function get(path: string, client: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        servername: "localhost",
        port: gateway.running.port,
        path,
        headers,
        agent: false,
        ca: file("ca.crt"),
        cert: file(`clients/${client}.crt`),
        key: file(`clients/${client}.key`),
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
