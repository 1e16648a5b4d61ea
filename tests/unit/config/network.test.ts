// The `network` configuration (issue 16): VANS over folders or SFTP, the default route, remote locations; every
// problem named by its key.
import { describe, expect, test } from "vitest";
import { parseGatewayConfig } from "../../../src/config/schema.js";

const HERE = "5790001348120";
const REMOTE = "5790000209354";
const FINGERPRINT = "nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const location = (gln: string, delivery: object) => ({
  gln,
  sor: "265161000016000",
  name: `Location ${gln}`,
  kind: "gp",
  formats: ["application/fhir+xml"],
  delivery,
});
const config = (network?: unknown, remote: object = { adapter: "vans" }, clientLocations = [HERE]) => ({
  locations: [location(HERE, { adapter: "mailbox" }), location(REMOTE, remote)],
  clients: [{ id: "a", apiKeySha256: "a".repeat(64), locations: clientLocations, roles: ["send"] }],
  ...(network !== undefined ? { network } : {}),
});
const folders = { transport: "folders", outbox: "/var/vans/out", inbox: "/var/vans/in" };
const errors = (input: unknown) =>
  parseGatewayConfig(input)
    .issues.filter((i) => i.severity === "error")
    .map((i) => `${i.path}: ${i.message}`);

describe("network configuration", () => {
  test("folders with defaults; a remote location; the default route", () => {
    const parsed = parseGatewayConfig(config({ vans: folders, defaultRoute: "vans" }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.network).toEqual({
      vans: { ...folders, pollSeconds: 2, convertLocally: false },
      defaultRoute: "vans",
    });
    expect(parsed.value.locations[1]?.delivery).toEqual({ adapter: "vans" });
  });

  test("no network: none in the result, and a vans location is an error naming its key", () => {
    const parsed = parseGatewayConfig(config(undefined, { adapter: "mailbox" }));
    expect(parsed.ok && parsed.value.network).toBe(undefined);
    expect(errors(config())).toEqual([
      '/locations/1/delivery/adapter: adapter "vans" needs network.vans (how the gateway reaches VANS)',
    ]);
    expect(errors(config({ defaultRoute: "vans" }, { adapter: "mailbox" }))).toEqual([
      '/network/defaultRoute: defaultRoute "vans" needs network.vans (how the gateway reaches VANS)',
    ]);
  });

  test("sftp: port default 22, fingerprint with or without SHA256:", () => {
    const sftp = {
      transport: "sftp",
      host: "vans.example.dk",
      username: "gw",
      privateKeyFile: "/etc/gw/id_ed25519",
      hostKeySha256: `SHA256:${FINGERPRINT}`,
      outbox: "out",
      inbox: "in",
      pollSeconds: 5,
      convertLocally: true,
    };
    const parsed = parseGatewayConfig(config({ vans: sftp }));
    expect(parsed.ok && parsed.value.network?.vans).toEqual({ ...sftp, port: 22, hostKeySha256: FINGERPRINT });
  });

  test("every problem by key, all together", () => {
    expect(
      errors(
        config({
          vans: { ...folders, inbox: "/var/vans/out/in", pollSeconds: 0, convertLocally: "no", extra: 1 },
          defaultRoute: "sftp",
          other: true,
        }),
      ),
    ).toEqual([
      '/network/other: unknown key "other"',
      "/network/vans/pollSeconds: pollSeconds must be a number from above 0 to 3600",
      "/network/vans/convertLocally: convertLocally must be true or false",
      '/network/vans/extra: unknown key "extra"',
      "/network/vans/inbox: inbox and outbox must be two folders, neither inside the other",
      '/network/defaultRoute: defaultRoute may only be "vans"',
    ]);
    expect(
      errors(
        config({
          vans: { transport: "sftp", host: "h", port: 0, username: "u", privateKeyFile: "k", hostKeySha256: "abc" },
        }),
      ),
    ).toEqual([
      "/network/vans/outbox: outbox must be a non-empty string",
      "/network/vans/inbox: inbox must be a non-empty string",
      "/network/vans/port: port must be a whole number from 1 to 65535",
      "/network/vans/hostKeySha256: hostKeySha256 must be the host key's SHA-256 fingerprint in base64 (ssh-keygen -l)",
    ]);
    expect(errors(config({ vans: { transport: "ftp" } }))).toEqual([
      '/network/vans/transport: transport must be "folders" or "sftp"',
    ]);
    expect(errors(config({ vans: folders }, { adapter: "vans", dir: "/x" }))).toEqual([
      '/locations/1/delivery/dir: unknown key "dir"',
    ]);
  });

  test("the VANS folders share nothing with a file-drop location's folders", () => {
    const drop = { adapter: "file-drop", dir: "/var/vans/out/gp", inbox: "/srv/gp-in" };
    expect(errors(config({ vans: folders }, drop))).toEqual([
      "/network/vans/outbox: outbox must not be, contain or lie inside a file-drop folder (/locations/1)",
    ]);
    expect(errors(config({ vans: { ...folders, inbox: "/srv/gp-in" } }, { ...drop, dir: "/srv/gp-out" }))).toEqual([
      "/network/vans/inbox: inbox must not be, contain or lie inside a file-drop folder (/locations/1)",
    ]);
  });

  test("a client never acts for a remote location", () => {
    expect(errors(config({ vans: folders }, { adapter: "vans" }, [HERE, REMOTE]))).toEqual([
      "/clients/0/locations/1: a client acts only for locations served here, not remote (vans) ones",
    ]);
  });
});
