// Issue 11, point 7: an outsider's raw Bundle could join another conversation (by naming its Communication.identifier)
// and then block the parties' replies as "not the latest". A raw message now obeys the rules a composed one does: a
// new message or a forward starts a conversation of its own; a reply continues the conversation of a message the
// caller may read, and answers its latest message.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { build, composeFixture } from "../../support/build.js";
import { gatewayForFile, GLN, KEYS, submitLetter } from "../../support/gateway.js";
import { readBundle } from "../../support/messages.js";

const gateway = gatewayForFile();
const ids = () => randomUUID();

const thread = (b: Bundle) =>
  (b.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as Communication).identifier?.[0];

async function content(id: string, key: string): Promise<Bundle> {
  const response = await gateway.request("GET", `/v1/messages/${id}/content`, {
    key,
    headers: { Accept: "application/fhir+json" },
  });
  expect(response.status).toBe(200);
  return readBundle(await response.text(), "json");
}

async function postRaw(bundle: Bundle, key: string) {
  const response = await gateway.request("POST", "/v1/messages", {
    key,
    body: writeFhirJson(bundle),
    contentType: "application/fhir+json",
  });
  return { status: response.status, body: (await response.json()) as { id: string; issues?: { code: string }[] } };
}

const codes = (answer: { body: { issues?: { code: string }[] } }) => answer.body.issues?.map((i) => i.code);

describe("thread injection", () => {
  it("an outsider cannot join a conversation; the parties' replies still work", async () => {
    const letter = await submitLetter(gateway); // PPR → GP
    const letterBundle = await content(letter.id, KEYS.gp);

    // The outsider (BUP) names the conversation in a new message of its own to GP …
    const intruder = build(composeFixture("new-ppr-to-gp.json", { sender: GLN.bup }), undefined, ids);
    const identifier = thread(intruder);
    if (identifier) identifier.value = letter.thread;
    const joined = await postRaw(intruder, KEYS.bup);
    expect(joined.status).toBe(422);
    expect(codes(joined)).toEqual(["thread-in-use"]);

    // … or as a reply to a message it is no party to: answered as for a message that does not exist.
    const outsiderReply = build(composeFixture("reply-gp-to-ppr.json", { sender: GLN.bup }), letterBundle, ids);
    const replied = await postRaw(outsiderReply, KEYS.bup);
    expect(replied.status).toBe(422);
    expect(codes(replied)).toEqual(["previous-unknown"]);

    // The parties' conversation is unharmed: GP replies (composed), PPR answers that reply with a ready Bundle.
    const gpReply = await gateway.request("POST", "/v1/messages", {
      key: KEYS.gp,
      json: { ...(composeFixture("reply-gp-to-ppr.json") as object), inReplyTo: letter.id },
    });
    expect(gpReply.status).toBe(202);
    const gpReplyId = ((await gpReply.json()) as { id: string }).id;
    const pprReply = build(
      composeFixture("reply-gp-to-ppr.json", { sender: GLN.ppr }),
      await content(gpReplyId, KEYS.ppr),
      ids,
    );
    expect((await postRaw(pprReply, KEYS.ppr)).status).toBe(202);

    const conversation = await gateway.request("GET", `/v1/threads/${encodeURIComponent(letter.thread)}`, {
      key: KEYS.admin,
    });
    const items = ((await conversation.json()) as { items: { sender: { gln: string } }[] }).items;
    expect(items.map((i) => i.sender.gln)).toEqual([GLN.ppr, GLN.gp, GLN.ppr]);
  });

  it("a raw reply continues the answered message's conversation, and answers its latest message", async () => {
    const letter = await submitLetter(gateway);
    const letterBundle = await content(letter.id, KEYS.gp);

    const elsewhere = build(composeFixture("reply-gp-to-ppr.json"), letterBundle, ids);
    const identifier = thread(elsewhere);
    if (identifier) identifier.value = `urn:uuid:${randomUUID()}`;
    const moved = await postRaw(elsewhere, KEYS.gp);
    expect(moved.status).toBe(422);
    expect(codes(moved)).toEqual(["thread-not-answered"]);

    const first = build(composeFixture("reply-gp-to-ppr.json"), letterBundle, ids);
    expect((await postRaw(first, KEYS.gp)).status).toBe(202);
    // The same reply again is a duplicate (DOMAIN.md §2.9), not a breach of the thread rules.
    expect((await postRaw(first, KEYS.gp)).status).toBe(200);

    const older = build(composeFixture("reply-gp-to-ppr.json"), letterBundle, ids);
    const late = await postRaw(older, KEYS.gp);
    expect(late.status).toBe(422);
    expect(codes(late)).toEqual(["reply-not-latest"]);
  });

  it("a raw reply to a message nobody knows is refused", async () => {
    const letterBundle = build(composeFixture("new-ppr-to-gp.json"), undefined, ids);
    const reply = build(composeFixture("reply-gp-to-ppr.json"), letterBundle, ids);
    const answer = await postRaw(reply, KEYS.gp);
    expect(answer.status).toBe(422);
    expect(codes(answer)).toEqual(["previous-unknown"]);
  });
});
