// Issue 11 sweep (point 1, same class): a raw reply names the message it answers in Provenance.entity.what.reference
// (`MessageHeader/<id>`). That id is looked up in the store like any other outside id, so it must be checked first: a
// malformed one is a 422 naming the rule, never a 500 from the key builder, and never a lookup of another key.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Provenance } from "../../../src/medcom/model/index.js";
import { build, composeFixture } from "../../support/build.js";
import { gatewayForFile, KEYS, submitLetter } from "../../support/gateway.js";
import { readBundle } from "../../support/messages.js";

const gateway = gatewayForFile();
const ids = () => randomUUID();

async function content(id: string, key: string): Promise<Bundle> {
  const response = await gateway.request("GET", `/v1/messages/${id}/content`, {
    key,
    headers: { Accept: "application/fhir+json" },
  });
  return readBundle(await response.text(), "json");
}

describe("a raw reply's reference to the answered message", () => {
  it.each([
    ["a colon", (id: string) => `${id}:content`],
    ["a path", () => "a/../../keyring"],
    ["a line break", (id: string) => `${id}\r\nX: 1`],
    ["65 characters", () => "a".repeat(65)],
  ])("with %s: 422, never 500", async (_what, hostile) => {
    const letter = await submitLetter(gateway); // PPR → GP
    const reply = build(composeFixture("reply-gp-to-ppr.json"), await content(letter.id, KEYS.gp), ids);
    const provenances = (reply.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is Provenance => r?.resourceType === "Provenance");
    const revision = provenances.at(-1)?.entity?.find((e) => e.role === "revision");
    expect(revision?.what.reference).toBe(`MessageHeader/${letter.id}`);
    if (revision) revision.what.reference = `MessageHeader/${hostile(letter.id)}`;
    const response = await gateway.request("POST", "/v1/messages", {
      key: KEYS.gp,
      body: writeFhirJson(reply),
      contentType: "application/fhir+json",
    });
    const text = await response.text();
    expect(response.status, text).toBe(422);
    expect(text).not.toContain("\r\nX: 1");
  });
});
