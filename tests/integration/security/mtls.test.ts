// Mutual TLS: with TLS_CERT/TLS_KEY/TLS_CLIENT_CA the gateway serves HTTPS and requires a client certificate from the
// client CA; a configured certificate (SHA-256 fingerprint or subject serial) identifies its client without an API
// key. Certificates from `medcom-gateway certs init`; the server's own one read from a PKCS#12 file.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../../src/cli.js";
import { fingerprint256, readPkcs12, toPkcs12 } from "../../../src/crypto/certificates.js";
import { demoConfig, GLN, KEYS, startTestGateway, type TestGateway } from "../../support/gateway.js";

const dir = mkdtempSync(join(tmpdir(), "mg-certs-"));
const file = (name: string) => readFileSync(join(dir, name), "utf8");
let gateway: TestGateway;

beforeAll(async () => {
  let out = "";
  const code = await run(["certs", "init", dir], {
    out: (t) => (out += t),
    err: (t) => (out += t),
    readFile: () => Buffer.alloc(0),
    env: {},
  });
  expect({ code, out }).toMatchObject({ code: 0 });
  const serverP12 = join(dir, "server.p12");
  writeFileSync(
    serverP12,
    toPkcs12({ certPem: file("server.crt"), keyPem: file("server.key") }, file("ca.crt"), "s3cret"),
  );
  gateway = await startTestGateway({
    config: demoConfig({
      clients: [
        // Identified by fingerprint alone (no API key), and by subject serial.
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
      ],
    }),
    env: { tls: { certFile: serverP12, p12Password: "s3cret", clientCaFile: join(dir, "ca.crt") } },
  });
});
afterAll(async () => {
  await gateway.stop();
});

function get(path: string, client?: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        servername: "localhost",
        port: gateway.running.port,
        path,
        headers,
        ca: file("ca.crt"),
        ...(client ? { cert: file(`clients/${client}.crt`), key: file(`clients/${client}.key`) } : {}),
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
    const p12 = readPkcs12(readFileSync(join(dir, "clients/gp-helsinge.p12")), "demo");
    expect(fingerprint256(p12.certPem)).toBe(fingerprint256(file("clients/gp-helsinge.crt")));
    expect(p12.caPems).toHaveLength(1);
    expect(() => readPkcs12(readFileSync(join(dir, "clients/gp-helsinge.p12")), "wrong")).toThrow();
  });
});
