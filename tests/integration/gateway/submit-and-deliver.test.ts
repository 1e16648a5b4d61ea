// A PPR system posts letters to a GP by location number; the GP's system finds them in its mailbox. Real HTTP, real
// Redis, real BullMQ worker.
import { describe, expect, it } from "vitest";
import { writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import { GLN, KEYS, rawRedis, gatewayForFile, waitForStatus } from "../../support/gateway.js";
import { readBundle } from "../../support/messages.js";
import { readFixture } from "../../support/shared.js";

const gateway = gatewayForFile();

const letter = () => JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<string, unknown>;

async function submit(json: unknown, key: string = KEYS.ppr, headers: Record<string, string> = {}) {
  const response = await gateway.request("POST", "/v1/messages", { key, json, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string } };
}

/** A Bundle built by our own builder with fresh ids, from PPR Gribskov to Lægerne i Helsinge. */
function readyBundle(start: number) {
  return build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(start));
}

describe("compose request → mailbox", () => {
  it("accepts, queues and delivers into the receiver's mailbox, with every step as an event", async () => {
    const { status, body } = await submit(letter());
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: "accepted", links: { self: `/v1/messages/${body.id}` } });
    expect(body.thread).toMatch(/^urn:uuid:/);

    const record = await waitForStatus(gateway, body.id, ["delivered"], KEYS.gp);
    expect(record.sender).toEqual({ gln: GLN.ppr, name: "PPR Gribskov Kommune" });
    expect(record.receiver.gln).toBe(GLN.gp);
    expect(record.events.map((e) => e.type)).toEqual(["accepted", "queued", "delivery-attempt", "delivered"]);
    expect(record.events[2]?.detail).toMatchObject({ attempt: 1, adapter: "mailbox", outcome: "delivered" });

    const mailbox = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages?status=all`, { key: KEYS.gp });
    const page = (await mailbox.json()) as { items: { id: string; topic?: string; status: string }[] };
    expect(page.items.find((i) => i.id === body.id)).toMatchObject({ topic: "Skolevægring", status: "delivered" });

    const xml = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages/${body.id}`, { key: KEYS.gp });
    expect(xml.headers.get("content-type")).toContain("application/fhir+xml");
    const delivered = readBundle(await xml.text(), "xml");
    expect(delivered.id).toBe(record.bundleId);

    const json = await gateway.request("GET", `/v1/messages/${body.id}/content`, {
      key: KEYS.ppr,
      headers: { Accept: "application/fhir+json" },
    });
    expect(json.headers.get("content-type")).toContain("application/fhir+json");
    expect(readBundle(await json.text(), "json")).toEqual(delivered);
  });

  it("builds a reply from the stored letter: same thread, receiver defaults to the answered sender", async () => {
    const first = await submit(letter());
    await waitForStatus(gateway, first.body.id, ["delivered"]);
    const reply = { ...(JSON.parse(readFixture("compose/reply-gp-to-ppr.json")) as object), inReplyTo: first.body.id };
    const answered = await submit(reply, KEYS.gp);
    expect(answered.status).toBe(202);
    expect(answered.body.thread).toBe(first.body.thread);
    const record = await waitForStatus(gateway, answered.body.id, ["delivered"], KEYS.ppr);
    expect(record.receiver.gln).toBe(GLN.ppr);
    expect(record).toMatchObject({ kind: "reply" });
  });

  it("answers a repeated Idempotency-Key with the first result and queues nothing twice; other content → 409", async () => {
    const headers = { "Idempotency-Key": `letter-${Date.now()}` };
    const first = await submit(letter(), KEYS.ppr, headers);
    const again = await submit(letter(), KEYS.ppr, headers);
    expect(first.status).toBe(202);
    expect(again).toEqual({ status: 200, body: first.body });
    const changed = await submit({ ...letter(), text: "Et andet brev" }, KEYS.ppr, headers);
    expect(changed.status).toBe(409);
    expect(changed.body.issues).toEqual([expect.objectContaining({ code: "id-reused", path: "Idempotency-Key" })]);
    // The same key from another client is that client's own key.
    const other = await submit({ ...letter(), sender: GLN.bup, receiver: GLN.gp }, KEYS.bup, headers);
    expect(other.status).toBe(202);
  });
});

describe("ready Bundles", () => {
  it.each([
    ["application/fhir+xml", writeFhirXml],
    ["application/fhir+json", writeFhirJson],
  ] as const)("accepts %s and delivers it unchanged", async (contentType, write) => {
    const bundle = readyBundle(contentType.endsWith("xml") ? 1000 : 2000);
    const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, body: write(bundle), contentType });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(id).toBe(bundle.entry?.[0]?.resource?.id);
    await waitForStatus(gateway, id, ["delivered"]);
    const content = await gateway.request("GET", `/v1/messages/${id}/content`, {
      key: KEYS.gp,
      headers: { Accept: "application/fhir+json" },
    });
    expect(readBundle(await content.text(), "json")).toEqual(bundle);
  });

  it("treats the same MessageHeader.id again as a duplicate: the first answer, one delivery; other content → 409", async () => {
    const bundle = readyBundle(3000);
    const post = (b: typeof bundle) =>
      gateway.request("POST", "/v1/messages", {
        key: KEYS.ppr,
        body: writeFhirXml(b),
        contentType: "application/fhir+xml",
      });
    const first = await post(bundle);
    const firstBody = await first.json();
    const again = await post(bundle);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(await again.json()).toEqual(firstBody);
    const id = (firstBody as { id: string }).id;
    const record = await waitForStatus(gateway, id, ["delivered"]);
    expect(record.events.filter((e) => e.type === "delivered")).toHaveLength(1);

    const altered = structuredClone(bundle);
    const communication = altered.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as {
      payload: { contentString?: string }[];
    };
    communication.payload[0] = { ...communication.payload[0], contentString: "Ændret tekst" };
    const conflict = await post(altered);
    expect(conflict.status).toBe(409);
  });
});

describe("refusals say what, where and why, and store nothing", () => {
  it("refuses a receiver that is not in the directory (422, MSG_Receiver_Identifier_UNKNOWN)", async () => {
    const { status, body } = await submit({ ...letter(), receiver: "5790000000005" });
    expect(status).toBe(422);
    expect(body.issues).toEqual([
      expect.objectContaining({ code: "MSG_Receiver_Identifier_UNKNOWN", path: "/receiver" }),
    ]);
  });

  it("reports every compose problem at once with JSON pointers (422)", async () => {
    const { status, body } = await submit({ ...letter(), category: "nonsense", text: "" });
    expect(status).toBe(422);
    const paths = (body.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["/category", "/text"]));
  });

  it("reports an invalid Bundle with FHIRPath paths and MedCom rule ids (422)", async () => {
    const bundle = readyBundle(4000);
    const communication = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as {
      category: unknown[];
    };
    communication.category = [];
    const response = await gateway.request("POST", "/v1/messages", {
      key: KEYS.ppr,
      body: writeFhirXml(bundle),
      contentType: "application/fhir+xml",
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { issues: { path: string }[] };
    expect(problem.issues.some((i) => i.path.includes("category"))).toBe(true);
  });

  it("refuses callers without a key (401), with an unknown key (401), and sending as another's location (403)", async () => {
    expect((await gateway.request("POST", "/v1/messages", { json: letter() })).status).toBe(401);
    const wrong = await gateway.request("POST", "/v1/messages", { key: "not-a-key", json: letter() });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    const { status, body } = await submit(letter(), KEYS.gp);
    expect(status).toBe(403);
    expect(body.issues).toEqual([expect.objectContaining({ code: "sender-not-yours", path: "/sender" })]);
  });

  it("shows a message only to its sender's and receiver's clients and to admin", async () => {
    const { body } = await submit(letter());
    const read = (key: string) => gateway.request("GET", `/v1/messages/${body.id}`, { key });
    expect((await read(KEYS.bup)).status).toBe(403);
    expect((await read(KEYS.ppr)).status).toBe(200);
    expect((await read(KEYS.gp)).status).toBe(200);
    expect((await read(KEYS.admin)).status).toBe(200);
    expect((await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages`, { key: KEYS.ppr })).status).toBe(403);
    expect(
      (await gateway.request("GET", `/v1/messages/00000000-0000-4000-8000-00000000dead`, { key: KEYS.ppr })).status,
    ).toBe(404);
  });

  it("answers wrong media types (415), unreadable bodies (400) and bodies over the limit (413)", async () => {
    const post = (body: string | Uint8Array, contentType: string) =>
      gateway.request("POST", "/v1/messages", { key: KEYS.ppr, body, contentType });
    expect((await post("hello", "text/plain")).status).toBe(415);
    expect((await post("{not json", "application/json")).status).toBe(400);
    expect((await post("<Bundle", "application/fhir+xml")).status).toBe(400);
    const big = await post(new Uint8Array(5 * 1024 * 1024).fill(32), "application/fhir+xml");
    expect(big.status).toBe(413);
  });

  it("stores nothing for a refused message", async () => {
    const redis = rawRedis(gateway.redisUrl);
    const before = await redis.keys(`${gateway.prefix}:msg:*`);
    await submit({ ...letter(), receiver: "5790000000005" });
    await submit(letter(), KEYS.gp);
    expect(await redis.keys(`${gateway.prefix}:msg:*`)).toEqual(expect.arrayContaining(before));
    expect((await redis.keys(`${gateway.prefix}:msg:*`)).length).toBe(before.length);
    redis.disconnect();
  });
});

describe("the directory", () => {
  it("finds the clearly named entry by text, kind and municipality", async () => {
    const search = async (query: string) => {
      const response = await gateway.request("GET", `/v1/locations?${query}`, { key: KEYS.gp });
      return ((await response.json()) as { items: { gln: string; name: string }[] }).items;
    };
    expect((await search("q=ppr%20gribskov")).map((l) => l.gln)).toEqual([GLN.ppr]);
    expect((await search("kind=child-psychiatry")).map((l) => l.gln)).toContain(GLN.bup);
    expect((await search("kind=gp&municipality=gribskov")).every((l) => l.name.startsWith("Læge"))).toBe(true);
    expect((await gateway.request("GET", "/v1/locations?kind=dentist", { key: KEYS.gp })).status).toBe(400);
  });
});
