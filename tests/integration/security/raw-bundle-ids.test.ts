// Issue 11, point 1: the ids inside a raw Bundle (Bundle.id, MessageHeader.id, the conversation id, the acknowledged
// id) reached Redis keys and file names unchecked. Every hostile one is now refused (4xx) before anything is stored.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Communication, MessageHeader } from "../../../src/medcom/model/index.js";
import { build, composeFixture } from "../../support/build.js";
import { gatewayForFile, KEYS, rawRedis } from "../../support/gateway.js";
import { HOSTILE_IDS } from "../../../test-fixtures/hostile/api.js";

const gateway = gatewayForFile();
const ids = () => randomUUID();

const letter = (): Bundle => build(composeFixture("new-ppr-to-gp.json"), undefined, ids);
const header = (b: Bundle) => b.entry?.[0]?.resource as MessageHeader;
const communication = (b: Bundle) =>
  b.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as Communication;

/** Replace an id everywhere it occurs (references included), as a sender building around a hostile id would. */
function withId(bundle: Bundle, from: string, to: string): Bundle {
  return JSON.parse(JSON.stringify(bundle).split(from).join(JSON.stringify(to).slice(1, -1))) as Bundle;
}

/** The keys a message, a conversation or an idempotency entry would leave, with what the indexes hold. */
async function everyKey(): Promise<string[]> {
  const redis = rawRedis(gateway.redisUrl);
  try {
    const keys = (await redis.keys(`${gateway.prefix}:*`)).filter((k) => /:(msg|thread|idem|mailbox):/.test(k));
    const indexed = await redis.zrange(`${gateway.prefix}:messages`, "0", "-1");
    return [...keys, ...indexed.map((id) => `indexed ${id}`)].sort();
  } finally {
    redis.disconnect();
  }
}

async function post(path: string, bundle: Bundle, format: "json" | "xml", key: string = KEYS.ppr) {
  const response = await gateway.request("POST", path, {
    key,
    body: format === "json" ? writeFhirJson(bundle) : writeFhirXml(bundle),
    contentType: format === "json" ? "application/fhir+json" : "application/fhir+xml",
  });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("raw Bundles with hostile ids", () => {
  it.each(HOSTILE_IDS.filter((id) => !id.includes("\u0000")).map((id) => [JSON.stringify(id).slice(0, 50), id]))(
    "MessageHeader.id %s: refused, nothing stored, the id not echoed in full",
    async (_name, hostile) => {
      const before = await everyKey();
      for (const format of ["json", "xml"] as const) {
        const bundle = letter();
        const answer = await post("/v1/messages", withId(bundle, header(bundle).id ?? "", hostile), format);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.type).toBe("application/problem+json");
        if (hostile.length > 64) expect(answer.text).not.toContain(hostile);
        expect(answer.text).not.toContain("\r\n");
      }
      expect(await everyKey()).toEqual(before);
    },
  );

  it("names the rule and the place of a non-UUID MessageHeader.id (422)", async () => {
    const bundle = letter();
    const answer = await post("/v1/messages", withId(bundle, header(bundle).id ?? "", "not-a-uuid"), "json");
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.text)).toMatchObject({
      issues: [{ code: "message-id", path: "Bundle.entry[0].resource.id", rule: "medcom-message-id" }],
    });
  });

  it.each(["a/../b", "x:y", "b".repeat(65)])("Bundle.id %s: refused (422), nothing stored", async (hostile) => {
    const before = await everyKey();
    const bundle = letter();
    bundle.id = hostile;
    const answer = await post("/v1/messages", bundle, "json");
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.text)).toMatchObject({ issues: [{ code: "bundle-id", path: "Bundle.id" }] });
    expect(await everyKey()).toEqual(before);
  });

  it.each(["urn:uuid:x:y", `urn:uuid:${randomUUID()}\r\n`, "../thread"])(
    "conversation id %j: refused, nothing stored",
    async (hostile) => {
      const before = await everyKey();
      const bundle = letter();
      const identifier = communication(bundle).identifier?.[0];
      if (identifier) identifier.value = hostile;
      const answer = await post("/v1/messages", bundle, "json");
      expect(answer.status).toBe(422);
      expect(await everyKey()).toEqual(before);
    },
  );

  it("an Acknowledgement with a hostile id or acknowledged id: refused, nothing stored", async () => {
    const before = await everyKey();
    const ack = buildAcknowledgement({ message: letter(), code: "ok", newId: ids, now: new Date().toISOString() });
    const hostileHeader = withId(ack, header(ack).id ?? "", "a/../../keyring");
    expect((await post("/v1/acknowledgements", hostileHeader, "json", KEYS.gp)).status).toBe(422);
    const acknowledged = header(ack).response?.identifier ?? "";
    const hostileResponse = structuredClone(ack);
    const response = header(hostileResponse).response;
    if (response) response.identifier = `${acknowledged}:content`;
    expect((await post("/v1/acknowledgements", hostileResponse, "json", KEYS.gp)).status).toBe(422);
    expect(await everyKey()).toEqual(before);
  });

  it("still takes a Bundle whose ids are right", async () => {
    expect((await post("/v1/messages", letter(), "json")).status).toBe(202);
  });
});
