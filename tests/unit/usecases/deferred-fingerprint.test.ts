// A letter's fingerprint is made when a repeat asks, not when it is accepted (issue 17, point 3): its record keeps
// DEFERRED_FINGERPRINT, and a repeat — the same compose request under its Idempotency-Key, the very Bundle the gateway
// built, a technical resend — fingerprints the stored message then. Every way still decides as one fingerprint does:
// the same message is answered 200, another under a used id or key is a 409. A letter naming a detached attachment
// keeps its fingerprint from the start: its stored content holds only the token, not the data it stands for.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors.js";
import { messageFingerprint } from "../../../src/medcom/readers/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { DEFERRED_FINGERPRINT } from "../../../src/usecases/steps/same-message.js";
import { submitMessage, type Submission } from "../../../src/usecases/submit/submit-message.js";
import { composeFixture } from "../../support/build.js";
import { composeWithAttachment, detachedBlob } from "../../support/detached.js";
import { memoryGateway } from "../../support/memory-gateway.js";

const PDF = Buffer.alloc(90 * 1024, 0x25).toString("base64");

function setup() {
  const gateway = memoryGateway();
  const submit = (submission: Submission) => submitMessage(gateway.caller("ppr-gribskov"), submission, gateway.deps);
  /** The compose letter with PDF's bytes in a blob, as the HTTP edge's detacher leaves it, under an Idempotency-Key. */
  const submitDetached = async (idempotencyKey: string) => {
    const blob = await detachedBlob(gateway.ports.blobs, PDF);
    const detached = new Map([[blob.token, blob.facts]]);
    return submit({ type: "compose", body: composeWithAttachment(blob.token), detached, idempotencyKey });
  };
  const record = async (id: string) => (await gateway.deps.store.get(id))?.fingerprint;
  const content = async (id: string) => (await gateway.deps.store.content(id)) ?? "";
  return { submit, submitDetached, record, content };
}

const bytes = (text: string) => new TextEncoder().encode(text);

const statusOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "accepted",
    (err: unknown) => (err instanceof GatewayError ? err.kind : String(err)),
  );

describe("a letter's deferred fingerprint", () => {
  it("is kept as deferred, and a repeat under the Idempotency-Key decides by the stored message", async () => {
    const { submit, record } = setup();
    const body = composeFixture("new-ppr-to-gp.json");
    const first = await submit({ type: "compose", body, idempotencyKey: "k-1" });
    expect(first.status).toBe(202);
    expect(await record(first.body.id)).toBe(DEFERRED_FINGERPRINT);

    const again = await submit({ type: "compose", body, idempotencyKey: "k-1" });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
    const other = composeFixture("new-ppr-to-gp.json", { text: "Another letter altogether." });
    expect(await statusOf(submit({ type: "compose", body: other, idempotencyKey: "k-1" }))).toBe("conflict");
  });

  it("the very Bundle the gateway built, and a technical resend of it, are the same message; a changed one is not", async () => {
    const { submit, content } = setup();
    const first = await submit({ type: "compose", body: composeFixture("new-ppr-to-gp.json") });
    const built = await content(first.body.id);

    const same = await submit({ type: "bundle", bytes: bytes(built), format: "json" });
    expect(same).toMatchObject({ status: 200, body: { id: first.body.id } });
    // A technical resend: a new Bundle.id and timestamp for the same MessageHeader.id.
    const resend = { ...(JSON.parse(built) as Bundle), id: randomUUID(), timestamp: new Date().toISOString() };
    expect(await submit({ type: "bundle", bytes: bytes(JSON.stringify(resend)), format: "json" })).toMatchObject({
      status: 200,
      body: { id: first.body.id },
    });
    // Another letter under the same MessageHeader.id: its text changed.
    const changed = built.replace("skolevægring.", "skolevægring i dag.");
    expect(changed).not.toBe(built);
    expect(await statusOf(submit({ type: "bundle", bytes: bytes(changed), format: "json" }))).toBe("conflict");
  });

  it("the stored message of a deferred record makes a fingerprint of the current recipe, which a repeat compares", async () => {
    const { submit, record, content } = setup();
    const first = await submit({ type: "compose", body: composeFixture("new-ppr-to-gp.json") });
    expect(await record(first.body.id)).toBe(DEFERRED_FINGERPRINT);
    const stored = JSON.parse(await content(first.body.id)) as Bundle;
    expect(messageFingerprint(stored)).toMatch(/^m2\./);
  });

  it("is made at once for a letter naming a detached attachment, which its stored content holds only as a token", async () => {
    const { submit, submitDetached, record } = setup();
    const first = await submitDetached("k-2");
    expect(await record(first.body.id)).toMatch(/^m2\./);
    // The same letter with its attachment inline is the same message (the data counts by its bytes); other bytes not.
    const inline = await submit({ type: "compose", body: composeWithAttachment(PDF), idempotencyKey: "k-2" });
    expect(inline).toMatchObject({ status: 200, body: { id: first.body.id } });
    const otherPdf = Buffer.alloc(90 * 1024, 0x26).toString("base64");
    expect(
      await statusOf(submit({ type: "compose", body: composeWithAttachment(otherPdf), idempotencyKey: "k-2" })),
    ).toBe("conflict");
  });

  it("an inline letter (deferred) reposted with its attachment detached is the same message", async () => {
    const { submit, submitDetached, record } = setup();
    const first = await submit({ type: "compose", body: composeWithAttachment(PDF), idempotencyKey: "k-3" });
    expect(await record(first.body.id)).toBe(DEFERRED_FINGERPRINT);
    const again = await submitDetached("k-3");
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
  });
});
