// Issue 11 sweep (point 5): a ready Acknowledgement posted to POST /v1/acknowledgements is authorised by the caller's
// own locations — the sender it claims must be one of them, only the acknowledged message's receiver may answer it,
// only back to its sender, and never an acknowledgement itself (MedCom KR2). A hostile Acknowledgement changes
// nothing it should not.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildAcknowledgement } from "../../../src/medcom/builders/index.js";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { acknowledge, gatewayForFile, GLN, KEYS, submitLetter, waitForStatus } from "../../support/gateway.js";
import { readBundle } from "../../support/messages.js";

const gateway = gatewayForFile();

async function content(id: string, key: string): Promise<Bundle> {
  const response = await gateway.request("GET", `/v1/messages/${id}/content`, {
    key,
    headers: { Accept: "application/fhir+json" },
  });
  expect(response.status).toBe(200);
  return readBundle(await response.text(), "json");
}

const ackOf = (message: Bundle, code: "ok" | "fatal-error" = "ok"): Bundle =>
  buildAcknowledgement({
    message,
    code,
    ...(code === "fatal-error" ? { issues: [{ code: "MSG_LOCAL_FAIL", message: "nej" }] } : {}),
    newId: randomUUID,
    now: new Date().toISOString(),
  });

async function postAck(ack: Bundle, key: string) {
  const response = await gateway.request("POST", "/v1/acknowledgements", {
    key,
    body: writeFhirJson(ack),
    contentType: "application/fhir+json",
  });
  return { status: response.status, body: (await response.json()) as { issues?: { code: string }[] } };
}

const statusOf = async (id: string) =>
  ((await (await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.admin })).json()) as { status: string })
    .status;

describe("hostile Acknowledgements", () => {
  it("claiming another location as sender: 403, and the message is not acknowledged", async () => {
    const letter = await submitLetter(gateway); // PPR → GP
    await waitForStatus(gateway, letter.id, ["delivered"]);
    const genuine = ackOf(await content(letter.id, KEYS.gp)); // from GP
    // BUP posts GP's acknowledgement: a forged sender.
    const forged = await postAck(genuine, KEYS.bup);
    expect(forged.status).toBe(403);
    expect(forged.body.issues).toEqual([expect.objectContaining({ code: "sender-not-yours" })]);
    // The message's own sender cannot acknowledge it as its receiver either.
    expect((await postAck(genuine, KEYS.ppr)).status).toBe(403);
    expect(await statusOf(letter.id)).toBe("delivered");
    // The real receiver still can.
    expect((await postAck(genuine, KEYS.gp)).status).toBe(202);
    await waitForStatus(gateway, letter.id, ["acknowledged"]);
  });

  it("from the message's sender to itself (the wrong way round): 422, nothing changes", async () => {
    const letter = await submitLetter(gateway); // PPR → GP
    await waitForStatus(gateway, letter.id, ["delivered"]);
    // An Acknowledgement built as if PPR had received its own letter from GP: sender PPR, receiver GP.
    const reversed = await content(letter.id, KEYS.ppr);
    const swapped = JSON.parse(
      JSON.stringify(reversed).split(GLN.ppr).join("SWAP").split(GLN.gp).join(GLN.ppr).split("SWAP").join(GLN.gp),
    ) as Bundle;
    const ack = ackOf(swapped, "fatal-error");
    const answer = await postAck(ack, KEYS.ppr);
    expect(answer.status).toBe(422);
    expect(answer.body.issues).toEqual([expect.objectContaining({ code: "acknowledgement-parties" })]);
    expect(await statusOf(letter.id)).toBe("delivered");
  });

  it("acknowledging an acknowledgement (KR2): 422 for a party, as unknown for anyone else", async () => {
    const letter = await submitLetter(gateway);
    await waitForStatus(gateway, letter.id, ["delivered"]);
    const { body } = await acknowledge(gateway, KEYS.gp, GLN.gp, letter.id, { code: "ok" });
    const ackId = String(body.id);
    await waitForStatus(gateway, ackId, ["delivered"], KEYS.ppr);
    const ackOfAck = ackOf(await content(ackId, KEYS.ppr));
    const answer = await postAck(ackOfAck, KEYS.ppr);
    expect(answer.status).toBe(422);
    expect(answer.body.issues).toEqual([expect.objectContaining({ code: "acknowledgement-acknowledged" })]);
    expect(await statusOf(ackId)).toBe("delivered");
  });
});
