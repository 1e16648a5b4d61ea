// Issue 13, "Forwarding a reply loses attachment data": a reply carries earlier attachments by identifier only
// (governance rule 6), but a forward must carry their data (DOMAIN.md §1.6; the official cc5-04-forward.xml). The
// gateway takes it from the stored message of the conversation that first carried it, or refuses the forward.
import { describe, expect, it } from "vitest";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { GLN, KEYS, gatewayForFile, rawRedis, submitLetter } from "../../support/gateway.js";

const gateway = gatewayForFile();

const PDF =
  "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9G";
const AUTHOR = { given: "Jens", family: "Lund", role: "Praktiserende læge", phone: "38683868" };

async function post(json: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await gateway.request("POST", "/v1/messages", { key: KEYS.gp, json });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function attachmentsOf(id: string) {
  const response = await gateway.request("GET", `/v1/messages/${id}/content`, {
    key: KEYS.gp,
    headers: { Accept: "application/fhir+json" },
  });
  const bundle = (await response.json()) as Bundle;
  const communication = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as
    Communication | undefined;
  return (communication?.payload ?? []).flatMap((p) => (p.contentAttachment ? [p.contentAttachment] : []));
}

/** A (the PPR) sends B (the GP) a letter with a PDF; B replies, which carries the PDF by identifier only. */
async function letterAndReply(): Promise<{ letter: string; reply: string }> {
  const letter = await submitLetter(gateway, KEYS.ppr, {
    receiver: GLN.gp,
    attachments: [{ title: "Vurdering", contentType: "application/pdf", data: PDF }],
  });
  const reply = await post({
    kind: "reply",
    inReplyTo: letter.id,
    sender: GLN.gp,
    category: "psychiatry-social-disability",
    text: "Tak for henvendelsen.",
    author: AUTHOR,
  });
  expect(reply.status).toBe(202);
  const replyId = String(reply.body.id);
  const carried = await attachmentsOf(replyId);
  expect(carried).toHaveLength(1);
  expect(carried[0]?.data).toBeUndefined();
  return { letter: letter.id, reply: replyId };
}

const forward = (inReplyTo: string) =>
  post({
    kind: "forward",
    inReplyTo,
    sender: GLN.gp,
    receiver: GLN.bup,
    category: "psychiatry-social-disability",
    text: "Videresendes til orientering.",
    author: AUTHOR,
  });

describe("forwarding a reply", () => {
  it("carries the attachment's data from the message that first carried it, byte-identical", async () => {
    const { reply } = await letterAndReply();
    const forwarded = await forward(reply);
    expect(forwarded.status).toBe(202);
    const attachments = await attachmentsOf(String(forwarded.body.id));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ title: "Vurdering", contentType: "application/pdf" });
    expect(Buffer.from(attachments[0]?.data ?? "", "base64").equals(Buffer.from(PDF, "base64"))).toBe(true);
    expect(attachments[0]?.data).toBe(PDF);
  });

  it("refuses the forward (422, path and rule) when the original is no longer kept", async () => {
    const { letter, reply } = await letterAndReply();
    const redis = rawRedis(gateway.redisUrl);
    try {
      await redis.del(`${gateway.prefix}:msg:${letter}:content`);
    } finally {
      redis.disconnect();
    }
    const forwarded = await forward(reply);
    expect(forwarded.status).toBe(422);
    expect(JSON.stringify(forwarded.body)).toContain("forward-attachment-unavailable");
    expect(JSON.stringify(forwarded.body)).toContain("/inReplyTo");
    expect(JSON.stringify(forwarded.body)).toContain("medcom-carecommunication-forward-attachment");
  });
});

describe("forwarding a letter whose attachment was detached (issue 17)", () => {
  it("carries the stored blob: validated by its facts, delivered byte-identical, the blob kept for both letters", async () => {
    // Over GATEWAY_LARGE_BODY_BYTES (1 MiB), so the body streams and the attachment goes to a blob.
    const pdf = Buffer.alloc(1_600_000);
    for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 7919) % 251;
    const letter = await submitLetter(gateway, KEYS.ppr, {
      receiver: GLN.gp,
      attachments: [{ title: "Journal", contentType: "application/pdf", data: pdf.toString("base64") }],
    });
    const redis = rawRedis(gateway.redisUrl);
    try {
      const stored = await redis.keys(`${gateway.prefix}:blob:*`);
      expect(stored).toHaveLength(1);
      const forwarded = await forward(letter.id);
      expect(forwarded.status).toBe(202);
      const attachments = await attachmentsOf(String(forwarded.body.id));
      expect(attachments).toHaveLength(1);
      expect(Buffer.from(attachments[0]?.data ?? "", "base64").equals(pdf)).toBe(true);
      // One blob serves both letters: the forward named it, nothing copied it or deleted it.
      expect(await redis.keys(`${gateway.prefix}:blob:*`)).toEqual(stored);
      expect(await redis.ttl(stored[0] ?? "")).toBeGreaterThan(3600);
    } finally {
      redis.disconnect();
    }
  });
});
