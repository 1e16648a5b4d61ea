// Issue 11, point 1 (the file side): a raw Bundle whose MessageHeader.id walks out of the receiver's file-drop folder
// once overwrote the live keyring. Whatever the entrance says (refused now, or accepted and then refused for
// delivery), the keyring is untouched and nothing is written outside the drop folder.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newKeyringFile, writeKeyringFile } from "../../../src/crypto/keyring.js";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import { composeFixture, DEMO_PARTIES, NOW, sequentialIds } from "../../support/build.js";
import { demoConfig, eventually, gatewayForFile, glnFrom, GLN, KEYS } from "../../support/gateway.js";

const root = mkdtempSync(join(tmpdir(), "mg-traversal-"));
const keyringPath = join(root, "keys", "keyring.json");
writeKeyringFile(keyringPath, newKeyringFile());
const keyringBefore = readFileSync(keyringPath);
const dropDir = join(root, "drop", "fd");
mkdirSync(dropDir, { recursive: true });
const FD = { gln: glnFrom("579000020021"), sor: "100000000000041", name: "Fildrop JSON" };

const gateway = gatewayForFile({
  keyringPath,
  config: demoConfig({
    locations: [
      {
        ...FD,
        kind: "municipality",
        formats: ["application/fhir+json"],
        delivery: { adapter: "file-drop", dir: dropDir },
      },
    ],
  }),
});

/** Every entry below `dir`, as relative paths. */
const tree = (dir: string, prefix = ""): string[] =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const relative = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? [relative, ...tree(dir, relative)] : [relative];
  });

describe("a MessageHeader.id that walks out of a file-drop folder", () => {
  it.each(["a/../../../keys/keyring", "../../keys/keyring", "a/../../../keys/x"])(
    "never writes outside the folder: %s",
    async (hostileId) => {
      const letter = buildCareCommunication(composeFixture("new-ppr-to-gp.json", { receiver: FD.gln }), {
        newId: sequentialIds(500),
        now: NOW,
        parties: { sender: DEMO_PARTIES[GLN.ppr] ?? FD, receiver: FD },
      });
      const id = letter.entry?.[0]?.resource?.id ?? "";
      // The id, its fullUrl and the Provenance's target all carry the hostile id, as a forger would write them.
      const body = writeFhirJson(letter).split(id).join(hostileId);
      const response = await gateway.request("POST", "/v1/messages", {
        key: KEYS.ppr,
        body,
        contentType: "application/fhir+json",
      });
      expect([202, 400, 404, 422]).toContain(response.status);
      if (response.status === 202) {
        // Accepted by an entrance without the id check: the delivery must refuse it (give the queue time to try).
        await eventually(async () => {
          const r = await gateway.request("GET", `/v1/messages/${encodeURIComponent(hostileId)}`, {
            key: KEYS.admin,
          });
          const record = r.ok ? ((await r.json()) as { status: string }) : undefined;
          return record && ["rejected", "failed"].includes(record.status) ? true : undefined;
        }, 5_000).catch(() => new Promise((r) => setTimeout(r, 2_000)));
      }
      expect(readFileSync(keyringPath).equals(keyringBefore)).toBe(true);
      expect(tree(root).sort()).toEqual(["drop", "drop/fd", "keys", "keys/keyring.json"]);
    },
  );
});
