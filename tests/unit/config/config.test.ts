import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadEnv, loadGatewayConfig } from "../../../src/config/load.js";
import { formatConfigErrors, hashApiKey, parseGatewayConfig } from "../../../src/config/schema.js";
import { createDirectory } from "../../../src/routing/directory.js";
import { projectRoot } from "../../support/shared.js";

const shipped = () => {
  const result = loadGatewayConfig(`${projectRoot}/config/gateway.json`);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
};

describe("configuration", () => {
  test("the shipped demo registry is valid and uses MedCom's default policy", () => {
    const config = shipped();
    expect(config.locations.length).toBeGreaterThanOrEqual(6);
    expect(new Set(config.locations.map((l) => l.kind))).toEqual(
      new Set(["gp", "ppr", "child-psychiatry", "municipality"]),
    );
    expect(config.policy).toEqual({
      ackTimeoutMinutes: 30,
      maxResends: 3,
      deliveryAttempts: 8,
      retentionDays: 30,
      deliveryWindowHours: 48,
      breakerFailures: 5,
      breakerOpenMinutes: 0.5,
      breakerMaxOpenMinutes: 10,
    });
  });

  test("all errors are reported at once, each naming its key", () => {
    const result = parseGatewayConfig({
      locations: [
        { gln: "5790001348121", sor: "123", name: "", kind: "school", formats: [], delivery: { adapter: "pigeon" } },
        {
          gln: "5790000209354",
          sor: "265161000016000",
          name: "GP",
          kind: "gp",
          formats: ["text/plain"],
          delivery: { adapter: "webhook", url: "ftp://x", secret: "short" },
          colour: "red",
        },
      ],
      clients: [
        { id: "a", apiKey: "k", locations: ["5790009999999"], roles: ["root"] },
        { id: "a", apiKey: "k", roles: [] },
      ],
      policy: { ackTimeoutMinutes: 0.05, maxResends: 1.5, extra: 1 },
      other: true,
    });
    expect(result.ok).toBe(false);
    expect(
      result.issues
        .filter((i) => i.severity === "error")
        .map((i) => i.path)
        .sort(),
    ).toEqual(
      [
        "/locations/0/gln",
        "/locations/0/sor",
        "/locations/0/name",
        "/locations/0/kind",
        "/locations/0/formats",
        "/locations/0/delivery/adapter",
        "/locations/1/colour",
        "/locations/1/formats/0",
        "/locations/1/delivery/url",
        "/locations/1/delivery/secret",
        "/clients/0/locations/0",
        "/clients/0/roles/0",
        "/clients/1/locations",
        "/clients/1/id",
        "/clients/1/apiKey",
        "/policy/maxResends",
        "/policy/extra",
        "/other",
      ].sort(),
    );
  });

  test('a location may speak MedCom\'s legacy OIOXML correspondence: formats "xdis91" (issue 15)', () => {
    const result = parseGatewayConfig({
      locations: [
        {
          gln: "5790001348120",
          sor: "953741000016009",
          name: "PPR",
          kind: "ppr",
          formats: ["xdis91", "application/fhir+xml"],
          delivery: { adapter: "file-drop", dir: "/tmp/ppr" },
        },
      ],
      clients: [],
    });
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.ok && result.value.locations[0]?.formats).toEqual(["xdis91", "application/fhir+xml"]);
  });

  test("API keys: a SHA-256 hash, or a plaintext key with a warning that production refuses", () => {
    const locations = [
      {
        gln: "5790001348120",
        sor: "953741000016009",
        name: "PPR",
        kind: "ppr",
        formats: ["application/fhir+xml"],
        delivery: { adapter: "mailbox" },
      },
    ];
    const withClient = (client: object) => ({
      locations,
      clients: [{ id: "c", locations: [locations[0]?.gln], roles: ["send"], ...client }],
    });
    const hash = hashApiKey("s3cret");
    const hashed = parseGatewayConfig(withClient({ apiKeySha256: hash.toUpperCase() }));
    expect(hashed.ok && hashed.value.clients[0]).toMatchObject({ keyHash: hash, plaintextKey: false });
    expect(hashed.issues).toEqual([]);

    const plain = parseGatewayConfig(withClient({ apiKey: "s3cret" }));
    expect(plain.ok && plain.value.clients[0]?.keyHash).toBe(hash);
    expect(plain.issues).toEqual([expect.objectContaining({ severity: "warning", path: "/clients/0/apiKey" })]);
    expect(plain.issues[0]?.message).toContain(hash);

    const production = parseGatewayConfig(withClient({ apiKey: "s3cret" }), { production: true });
    expect(production.ok).toBe(false);
    expect(parseGatewayConfig(withClient({ apiKeySha256: "abc" })).issues.map((i) => i.path)).toEqual([
      "/clients/0/apiKeySha256",
    ]);
    expect(parseGatewayConfig(withClient({})).issues.map((i) => i.path)).toEqual(["/clients/0/apiKey"]);
  });

  test("production refuses the demo configuration, and the published demo keys in any copy of it (issue 11, point 9)", () => {
    const raw = JSON.parse(readFileSync(`${projectRoot}/config/gateway.json`, "utf8")) as Record<string, unknown>;
    expect(raw.demo).toBe(true);
    expect(parseGatewayConfig(raw).ok).toBe(true); // a demonstration may use it
    const refused = parseGatewayConfig(raw, { production: true });
    expect(refused.ok).toBe(false);
    expect(refused.issues.find((i) => i.path === "/demo")?.message).toMatch(/demo configuration.*NODE_ENV=production/);

    // The marker taken out: every client still carries a key published in the README.
    const { demo: _marker, ...copy } = raw;
    const clients = copy.clients as unknown[];
    const copied = parseGatewayConfig(copy, { production: true });
    expect(copied.ok).toBe(false);
    expect(copied.issues.map((i) => i.path)).toEqual(clients.map((_, i) => `/clients/${i}/apiKeySha256`));
    const plaintext = parseGatewayConfig(
      { ...copy, clients: [{ id: "ops", apiKey: "demo-ops-admin-key", roles: ["admin"] }] },
      { production: true },
    );
    expect(plaintext.issues.map((i) => i.message).join("\n")).toContain("published demo key");
    expect(parseGatewayConfig({ ...raw, demo: "yes" }).issues.map((i) => i.path)).toEqual(["/demo"]);
  });

  test("the report counts errors and warnings apart and labels each line, errors first (issue 11, point 20)", () => {
    const location = {
      gln: "5790001348120",
      sor: "953741000016009",
      name: "PPR",
      kind: "ppr",
      formats: ["application/fhir+xml"],
      delivery: { adapter: "mailbox" },
    };
    const result = parseGatewayConfig({
      locations: [location],
      clients: [
        ...["a", "b", "c"].map((id) => ({ id, apiKey: `key-${id}`, locations: [location.gln], roles: ["send"] })),
        { id: "d", apiKey: "key-d", locations: ["5790009999999"], roles: ["send"] },
      ],
    });
    expect(result.ok).toBe(false);
    const report = formatConfigErrors("x.json", result.issues).split("\n");
    expect(report[0]).toBe("The configuration x.json has 1 error and 4 warnings:");
    expect(report[1]).toMatch(/^ {2}error: {3}\/clients\/3\/locations\/0: every client location must be a GLN/);
    expect(report.slice(2)).toHaveLength(4);
    for (const line of report.slice(2)) expect(line).toMatch(/^ {2}warning: \/clients\/\d\/apiKey: plaintext API key/);
    const onlyError = result.issues.filter((i) => i.severity === "error");
    expect(formatConfigErrors("y.json", onlyError)).toBe(
      `The configuration y.json has 1 error:\n  error:   /clients/3/locations/0: ${onlyError[0]?.message ?? ""}`,
    );
  });

  test("a webhook URL must be https:, plain http: only to a loopback receiver (issue 11, point 12)", () => {
    const withUrl = (url: string) =>
      parseGatewayConfig({
        locations: [
          {
            gln: "5790001348120",
            sor: "953741000016009",
            name: "PPR",
            kind: "ppr",
            formats: ["application/fhir+xml"],
            delivery: { adapter: "webhook", url, secret: "a-secret-of-enough-length" },
          },
        ],
        clients: [],
      });
    const urlErrors = (url: string) =>
      withUrl(url).issues.filter((i) => i.severity === "error" && i.path === "/locations/0/delivery/url");
    expect(urlErrors("http://receiver.example/hook")).toHaveLength(1);
    expect(urlErrors("http://10.0.0.7/hook")).toHaveLength(1);
    expect(urlErrors("https://receiver.example/hook")).toHaveLength(0);
    expect(urlErrors("http://127.0.0.1:9000/hook")).toHaveLength(0);
    expect(urlErrors("http://localhost:9000/hook")).toHaveLength(0);
  });

  test("fractions of minutes are allowed so tests need not wait", () => {
    const result = parseGatewayConfig({ locations: [], clients: [], policy: { ackTimeoutMinutes: 0.05 } });
    expect(result.ok && result.value.policy.ackTimeoutMinutes).toBe(0.05);
  });

  test("environment defaults", () => {
    const env = loadEnv({});
    expect(env.ok && env.value).toEqual({
      port: 8080,
      configPath: "config/gateway.json",
      dataDir: "./data",
      logLevel: "info",
      maxBodyBytes: 140 * 1024 * 1024,
      keyPrefix: "{mg}",
    });
    expect(
      loadEnv({ PORT: "x", LOG_LEVEL: "loud", GATEWAY_MAX_BODY_BYTES: "12", GATEWAY_KEY_PREFIX: "mg" }).issues.map(
        (i) => i.path,
      ),
    ).toEqual(["PORT", "LOG_LEVEL", "GATEWAY_MAX_BODY_BYTES", "GATEWAY_KEY_PREFIX"]);
  });

  test("TLS_CLIENT_CRL goes with mutual TLS (issue 11, point 15)", () => {
    const tls = { TLS_CERT: "s.crt", TLS_KEY: "s.key", TLS_CLIENT_CA: "ca.crt" };
    const env = loadEnv({ ...tls, TLS_CLIENT_CRL: "ca.crl" });
    expect(env.ok && env.value.tls).toEqual({
      certFile: "s.crt",
      keyFile: "s.key",
      clientCaFile: "ca.crt",
      clientCrlFile: "ca.crl",
    });
    expect(loadEnv({ TLS_CLIENT_CRL: "ca.crl" }).issues.map((i) => i.path)).toEqual(["TLS_CLIENT_CRL"]);
  });
});

describe("the directory", () => {
  const directory = createDirectory(shipped().locations);
  const names = (q: Parameters<typeof directory.search>[0]) => directory.search(q).map((l) => l.name);

  test("finds by partial words in any order, ignoring case and Danish letters", () => {
    expect(names({ q: "gribskov ppr" })).toEqual(["PPR Gribskov Kommune"]);
    expect(names({ q: "BØRNE" })).toEqual(["Børne- og Ungdomspsykiatrisk Center Hillerød"]);
    expect(names({ q: "halsnaes" })).toEqual([
      "Lægerne Frederiksværk",
      "PPR Halsnæs Kommune",
      "Sundhedsplejen Halsnæs Kommune",
    ]);
  });

  test("filters by kind and municipality, and finds a GLN", () => {
    expect(names({ kind: "gp", municipality: "gribskov" })).toEqual(["Lægehuset Gilleleje", "Lægerne i Helsinge"]);
    expect(names({ q: "5790001348120" })).toEqual(["PPR Gribskov Kommune"]);
  });

  test("routes by GLN to the preferred format", () => {
    expect(directory.resolveRoute("5790004110014")?.preferredFormat).toBe("application/fhir+json");
    expect(directory.resolveRoute("5790000000000")).toBeUndefined();
  });
});
