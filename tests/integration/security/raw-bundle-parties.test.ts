// Issue 11, point 2: the sender the gateway authorises is the sender a FHIR receiver reads. Hostile raw Bundles
// (duplicate Organization ids, swapped or re-based fullUrls, relative against absolute references, urn:uuid) are posted
// by PPR; for each, the gateway either refuses it or records exactly the parties an independent FHIR resolver
// (tests/support/fhir-bundle-oracle.ts, written from bundle.html) reads from the Bundle it accepted.
import { describe, expect, it } from "vitest";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { attackedLetter, partyAttacks, type PartyAttack } from "../../../test-fixtures/hostile/core.js";
import { oracleParties } from "../../support/fhir-bundle-oracle.js";
import { GLN, KEYS, gatewayForFile, type MessageJson } from "../../support/gateway.js";

const gateway = gatewayForFile();

async function post(bundle: Bundle): Promise<{ status: number; body: { id?: string } }> {
  const response = await gateway.request("POST", "/v1/messages", {
    key: KEYS.ppr,
    body: JSON.stringify(bundle),
    contentType: "application/fhir+json",
  });
  return { status: response.status, body: (await response.json()) as { id?: string } };
}

async function recordedParties(id: string): Promise<{ sender: string; receiver: string }> {
  const response = await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.ppr });
  const record = (await response.json()) as MessageJson;
  return { sender: record.sender.gln, receiver: record.receiver.gln };
}

const control: PartyAttack = { name: "the letter as built", acceptable: true, mutate: () => undefined };

describe("a raw Bundle's parties are the ones a FHIR receiver reads", () => {
  it.each([control, ...partyAttacks].map((a, n) => [a.name, a, n] as const))("%s", async (_name, attack, n) => {
    const bundle = attackedLetter(attack, 500 + n);
    const oracle = oracleParties(bundle);
    const { status, body } = await post(bundle);
    if (status === 202 || status === 200) {
      expect(await recordedParties(body.id ?? "")).toEqual(oracle);
    } else {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
    // What valid FHIR whose every reader agrees must still get through (the resolver is not merely strict).
    if (attack.acceptable) {
      expect(status).toBe(202);
      expect(oracle).toEqual({ sender: GLN.ppr, receiver: GLN.gp });
    }
  });
});
