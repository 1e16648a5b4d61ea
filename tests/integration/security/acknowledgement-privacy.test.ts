// Issue 11, point 19: a non-party learned who corresponds with whom from POST /v1/acknowledgements (422 "went from X
// to Y" for a message it is no party to, 422 for an acknowledgement's id). It is now answered exactly as for a message
// the gateway does not know. And compose checks the sender (403) before it validates (422).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Bundle, MessageHeader } from "../../../src/medcom/model/index.js";
import { build, composeFixture } from "../../support/build.js";
import { acknowledge, gatewayForFile, GLN, KEYS, submitLetter, waitForStatus } from "../../support/gateway.js";

const gateway = gatewayForFile();
const ids = () => randomUUID();

/** A ready Acknowledgement from BUP (the outsider) that names `acknowledged` as the message it answers. */
function outsiderAck(acknowledged: string): Bundle {
  const toBup = build(composeFixture("new-ppr-to-gp.json", { receiver: GLN.bup }), undefined, ids);
  const ack = buildAcknowledgement({ message: toBup, code: "ok", newId: ids, now: new Date().toISOString() });
  const original = (toBup.entry?.[0]?.resource as MessageHeader).id ?? "";
  return JSON.parse(JSON.stringify(ack).split(original).join(acknowledged)) as Bundle;
}

async function postAck(ack: Bundle, key: string) {
  const response = await gateway.request("POST", "/v1/acknowledgements", {
    key,
    body: writeFhirJson(ack),
    contentType: "application/fhir+json",
  });
  const body = (await response.json()) as Record<string, unknown>;
  // Ids differ from case to case; the rest of the answer must not.
  return { status: response.status, body: { ...body, id: "(id)", acknowledges: "(acknowledged)" } };
}

describe("acknowledgements from a non-party", () => {
  it("are answered as for an unknown message, and do not take the receiver's place", async () => {
    const letter = await submitLetter(gateway); // PPR → GP: BUP is no party to it
    await waitForStatus(gateway, letter.id, ["delivered"]);

    const unknown = await postAck(outsiderAck(randomUUID()), KEYS.bup);
    const known = await postAck(outsiderAck(letter.id), KEYS.bup);
    expect(unknown).toEqual({ status: 202, body: expect.objectContaining({ matched: false }) as unknown });
    expect(known).toEqual(unknown);

    // The receiver still acknowledges its message, and the letter is acknowledged.
    const answer = await acknowledge(gateway, KEYS.gp, GLN.gp, letter.id, { code: "ok" });
    expect(answer).toMatchObject({ status: 202, body: { matched: true } });
    await waitForStatus(gateway, letter.id, ["acknowledged"]);
    const ackId = String(answer.body.id);

    // An acknowledgement's own id: also as unknown (it was a 422 naming the rule, which told the id exists).
    expect(await postAck(outsiderAck(ackId), KEYS.bup)).toEqual(unknown);
  });
});

describe("compose: who may send is decided first", () => {
  it("answers 403 for another's sender even when the request is also invalid", async () => {
    const response = await gateway.request("POST", "/v1/messages", {
      key: KEYS.gp,
      json: { ...(composeFixture("new-ppr-to-gp.json") as object), category: "nonsense", text: "" },
    });
    expect(response.status).toBe(403);
    const problem = (await response.json()) as { issues: { code: string; path: string }[] };
    expect(problem.issues).toEqual([expect.objectContaining({ code: "sender-not-yours", path: "/sender" })]);
  });

  it("still reports every problem of a request from its own sender (422)", async () => {
    const response = await gateway.request("POST", "/v1/messages", {
      key: KEYS.ppr,
      json: { ...(composeFixture("new-ppr-to-gp.json") as object), category: "nonsense", text: "" },
    });
    expect(response.status).toBe(422);
  });
});
