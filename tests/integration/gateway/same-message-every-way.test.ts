// One message, one fingerprint, whichever way it comes in (issue 14, point 2): a letter composed from JSON and then
// posted again as the very Bundle the gateway built is the same message — the first answer again (200), not a 409.
// Anything else in the message still makes it a different one (409).
import { describe, expect, it } from "vitest";
import { readBundle } from "../../support/messages.js";
import { readFixture } from "../../support/shared.js";
import { KEYS, gatewayForFile } from "../../support/gateway.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";

const gateway = gatewayForFile();

const letter = () => JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<string, unknown>;

async function composed(): Promise<{ id: string; body: unknown; bundle: Bundle }> {
  const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json: letter() });
  expect(response.status).toBe(202);
  const body = (await response.json()) as { id: string };
  const content = await gateway.request("GET", `/v1/messages/${body.id}/content`, {
    key: KEYS.ppr,
    headers: { Accept: "application/fhir+json" },
  });
  return { id: body.id, body, bundle: readBundle(await content.text(), "json") };
}

describe("a composed letter posted again as its own Bundle", () => {
  it.each(["application/fhir+xml", "application/fhir+json"] as const)(
    "is the same message as %s: 200 with the first body",
    async (contentType) => {
      const first = await composed();
      const content = await gateway.request("GET", `/v1/messages/${first.id}/content`, {
        key: KEYS.ppr,
        headers: { Accept: contentType },
      });
      const again = await gateway.request("POST", "/v1/messages", {
        key: KEYS.ppr,
        body: await content.text(),
        contentType,
      });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first.body);
    },
  );

  it("with other text is another message under a used id: 409", async () => {
    const first = await composed();
    const altered = structuredClone(first.bundle);
    const communication = altered.entry?.find((e) => e.resource?.resourceType === "Communication")
      ?.resource as Communication;
    const payload = communication.payload ?? [];
    payload[0] = { ...payload[0], contentString: "Ændret tekst" };
    const again = await gateway.request("POST", "/v1/messages", {
      key: KEYS.ppr,
      body: JSON.stringify(altered),
      contentType: "application/fhir+json",
    });
    expect(again.status).toBe(409);
  });
});
