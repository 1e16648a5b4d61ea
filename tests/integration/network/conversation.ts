// One PPR ⇄ GP conversation, driven only through the public API, whatever joins the two sides: the same gateway
// (local delivery, the reference) or two gateways joined by VANS. The PPR writes, the GP finds the letter in its
// mailbox and acknowledges it, the GP replies in the thread, the PPR finds the reply and acknowledges it. What each
// side's records say at the end is returned, so a test compares the network's outcome with local delivery's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import {
  acknowledge,
  eventually,
  GLN,
  KEYS,
  submitLetter,
  waitForStatus,
  type MessageJson,
  type TestGateway,
} from "../../support/gateway.js";
import { projectRoot } from "../../support/shared.js";

export interface Sides {
  /** Where PPR Gribskov is served. */
  ppr: TestGateway;
  /** Where Lægerne i Helsinge is served. */
  gp: TestGateway;
}

export interface Conversation {
  letter: { id: string; thread: string };
  reply: { id: string; thread: string };
  /** The letter as its sender sees it, and as the GP's side holds it. */
  letterAtPpr: MessageJson;
  letterAtGp: MessageJson;
  /** The reply as its sender (the GP) sees it, and as the PPR's side holds it. */
  replyAtGp: MessageJson;
  replyAtPpr: MessageJson;
  /** The thread as the PPR lists it. */
  threadAtPpr: { id: string; kind: string; status: string }[];
}

const TIMEOUT = 45_000;

const replyFixture = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(projectRoot, "test-fixtures/compose/reply-gp-to-ppr.json"), "utf8")) as Record<
    string,
    unknown
  >;

/** Wait until `gln`'s mailbox at `gateway` holds message `id`; its Bundle (XML). */
export function inMailbox(gateway: TestGateway, key: string, gln: string, id: string): Promise<string> {
  return eventually(
    async () => {
      const response = await gateway.request("GET", `/v1/mailboxes/${gln}/messages/${id}`, { key });
      return response.status === 200 ? response.text() : undefined;
    },
    TIMEOUT,
    `message ${id} in the mailbox of ${gln}`,
  );
}

export async function record(gateway: TestGateway, key: string, id: string): Promise<MessageJson> {
  const response = await gateway.request("GET", `/v1/messages/${id}`, { key });
  expect(response.status).toBe(200);
  return (await response.json()) as MessageJson;
}

export async function converse(sides: Sides, text: string): Promise<Conversation> {
  const { ppr, gp } = sides;
  const letter = await submitLetter(ppr, KEYS.ppr, { text });
  await inMailbox(gp, KEYS.gp, GLN.gp, letter.id);

  const ack = await acknowledge(gp, KEYS.gp, GLN.gp, letter.id, { code: "ok" });
  expect(ack.status).toBe(202);
  const letterAtPpr = await waitForStatus(ppr, letter.id, ["acknowledged"], KEYS.ppr, TIMEOUT);

  const posted = await gp.request("POST", "/v1/messages", {
    key: KEYS.gp,
    json: { ...replyFixture(), inReplyTo: letter.id, sender: GLN.gp },
  });
  expect(posted.status).toBe(202);
  const reply = (await posted.json()) as { id: string; thread: string };
  await inMailbox(ppr, KEYS.ppr, GLN.ppr, reply.id);
  const replyAck = await acknowledge(ppr, KEYS.ppr, GLN.ppr, reply.id, { code: "ok" });
  expect(replyAck.status).toBe(202);
  const replyAtGp = await waitForStatus(gp, reply.id, ["acknowledged"], KEYS.gp, TIMEOUT);

  const thread = await ppr.request("GET", `/v1/threads/${encodeURIComponent(letter.thread)}`, { key: KEYS.ppr });
  expect(thread.status).toBe(200);
  const { items } = (await thread.json()) as { items: Conversation["threadAtPpr"] };
  return {
    letter,
    reply,
    letterAtPpr,
    letterAtGp: await waitForStatus(gp, letter.id, ["acknowledged"], KEYS.gp, TIMEOUT),
    replyAtGp,
    replyAtPpr: await waitForStatus(ppr, reply.id, ["acknowledged"], KEYS.ppr, TIMEOUT),
    threadAtPpr: items,
  };
}

/** The event types of a record, without the network's own (`network-accepted`: the envelope receipt arrived). */
export const stepsOf = (r: MessageJson): string[] =>
  r.events.map((e) => e.type).filter((t) => t !== "network-accepted");
