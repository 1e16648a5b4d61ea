// Letters whose large attachments were detached into blobs while their body streamed (issue 17, point 1), through the
// submit use case on the in-memory ports: a refused request, a duplicate and a store that surely did not run leave no
// blob; an accepted message's content names its blobs, kept in the same step; a store whose outcome is unknown keeps
// them (they expire if it did not run). The message's size for the 100 MB rule: a ready Bundle's is its body's byte
// count as received, a composed letter's is the built letter's, each token counted as its base64 text.
import { describe, expect, it } from "vitest";
import type { AcceptInput } from "../../../src/domain/ports/message-store.js";
import { GatewayError } from "../../../src/errors.js";
import { detachedToken } from "../../../src/medcom/detached.js";
import { writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { builtLetterSize } from "../../../src/usecases/steps/letter-size.js";
import { submitMessage, type Submission } from "../../../src/usecases/submit/submit-message.js";
import { composeWithAttachment, detachedBlob } from "../../support/detached.js";
import { memoryGateway } from "../../support/memory-gateway.js";

const SMALL =
  "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9G";

function setup() {
  const gateway = memoryGateway();
  // The gateway's own blob store: it shares its state with the message store, whose accept keeps the blobs.
  const { blobs } = gateway.ports;
  const accepted: AcceptInput[] = [];
  const accept = gateway.deps.store.accept.bind(gateway.deps.store);
  gateway.deps.store.accept = (input) => {
    accepted.push(input);
    return accept(input);
  };
  const submit = (submission: Submission, client = "ppr-gribskov") =>
    submitMessage(gateway.caller(client), submission, gateway.deps);
  return { gateway, blobs, accepted, submit };
}

const refusedWith = async (promise: Promise<unknown>): Promise<GatewayError> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
};

/** A ready Bundle: the one the gateway builds from the compose fixture. */
async function readyBundle(): Promise<Uint8Array> {
  const { gateway, submit } = setup();
  const { body } = await submit({ type: "compose", body: composeWithAttachment(SMALL) });
  return new TextEncoder().encode((await gateway.deps.store.content(body.id)) ?? "");
}

describe("detached attachments through the submit use case", () => {
  it("deletes the blobs of a request refused before the store: forbidden, invalid, malformed", async () => {
    const { blobs, submit } = setup();
    const one = await detachedBlob(blobs, SMALL);
    const detached = new Map([[one.token, one.facts]]);
    expect(blobs.blobs.size).toBe(1);
    // Another location's sender: 403, before the request is read.
    expect(
      (await refusedWith(submit({ type: "compose", body: composeWithAttachment(one.token), detached }, "ppr-halsnaes")))
        .kind,
    ).toBe("forbidden");
    expect(blobs.blobs.size).toBe(0);

    const two = await detachedBlob(blobs, SMALL);
    const request = { ...composeWithAttachment(two.token), receiver: "not-a-gln" };
    const invalid = await refusedWith(
      submit({ type: "compose", body: request, detached: new Map([[two.token, two.facts]]) }),
    );
    expect(invalid.kind).toBe("invalid");
    expect(blobs.blobs.size).toBe(0);

    const three = await detachedBlob(blobs, SMALL);
    const bytes = new TextEncoder().encode(`{"resourceType":"Bundle","entry":[{"resource":{"data":"${three.token}"}`);
    const malformed = await refusedWith(
      submit({ type: "bundle", bytes, format: "json", detached: new Map([[three.token, three.facts]]) }),
    );
    expect(malformed.kind).toBe("malformed");
    expect(blobs.blobs.size).toBe(0);
  });

  it("checks a ready Bundle's size as received (the body), not the document left after detaching", async () => {
    const bytes = await readyBundle();
    const { blobs, submit } = setup();
    const blob = await detachedBlob(blobs, SMALL);
    const detached = new Map([[blob.token, blob.facts]]);
    const tooLarge = await refusedWith(
      submit({ type: "bundle", bytes, format: "json", sizeBytes: 100 * 1024 * 1024 + 1, detached }),
    );
    expect(tooLarge.kind).toBe("invalid");
    expect(tooLarge.issues.map((i) => i.code)).toContain("message-too-large");
    expect(blobs.blobs.size).toBe(0);
    // The same document as received under the limit is accepted.
    const fine = await submit({ type: "bundle", bytes, format: "json", sizeBytes: 100 * 1024 * 1024 });
    expect(fine.status).toBe(202);
  });

  it("deletes a duplicate's blobs, and an accepted message's blobs its content does not name", async () => {
    const { blobs, accepted, submit } = setup();
    const first = await detachedBlob(blobs, SMALL);
    const body = composeWithAttachment(SMALL);
    const answer = await submit({
      type: "compose",
      body,
      idempotencyKey: "k-1",
      detached: new Map([[first.token, first.facts]]),
    });
    expect(answer.status).toBe(202);
    expect(accepted[0]?.blobs).toBeUndefined();
    expect(blobs.blobs.size).toBe(0);
    const again = await detachedBlob(blobs, SMALL);
    const repeat = await submit({
      type: "compose",
      body,
      idempotencyKey: "k-1",
      detached: new Map([[again.token, again.facts]]),
    });
    expect(repeat).toEqual({ ...answer, status: 200 });
    expect(blobs.blobs.size).toBe(0);
  });

  it("deletes the blobs when the store surely did not run, and keeps them when its outcome is unknown", async () => {
    const neverSent = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    const lost = Object.assign(new Error("Reached the max retries per request limit (which is 1)."), {
      name: "MaxRetriesPerRequestError",
    });
    for (const [err, left] of [
      [neverSent, 0],
      [lost, 1],
    ] as const) {
      const { gateway, blobs, submit } = setup();
      gateway.deps.store.accept = () => Promise.reject(err);
      const blob = await detachedBlob(blobs, SMALL);
      await expect(
        submit({ type: "compose", body: composeWithAttachment(SMALL), detached: new Map([[blob.token, blob.facts]]) }),
      ).rejects.toBeTruthy();
      expect(blobs.blobs.size).toBe(left);
    }
  });

  it("counts a token as the base64 text it stands for in a built letter's size", () => {
    const token = detachedToken("0f8fad5b-d9cb-469f-a165-70867728950e");
    const facts = {
      id: "0f8fad5b-d9cb-469f-a165-70867728950e",
      size: 3,
      sha1: "",
      sha256: "",
      base64Length: 140_000_000,
    };
    const bundle = {
      resourceType: "Bundle",
      entry: [{ resource: { resourceType: "Communication", payload: [{ contentAttachment: { data: token } }] } }],
    } as unknown as Bundle;
    const plain = Buffer.byteLength(writeFhirJson(bundle));
    expect(builtLetterSize(bundle)).toBe(plain);
    expect(builtLetterSize(bundle, new Map([[token, facts]]))).toBe(plain - token.length + 140_000_000);
    // A token the letter does not name counts nothing.
    expect(builtLetterSize(bundle, new Map([[detachedToken("1f8fad5b-d9cb-469f-a165-70867728950e"), facts]]))).toBe(
      plain,
    );
  });

  // Needs the MedCom core's part of issue 17 (tokens known to the compose check and the validator): skipped on the
  // branches built in parallel until it is merged, run after.
  it("accepts a composed letter with a detached attachment, naming its blob in the same step", async () => {
    const { gateway, blobs, accepted, submit } = setup();
    const blob = await detachedBlob(blobs, SMALL);
    const answer = await submit({
      type: "compose",
      body: composeWithAttachment(blob.token),
      detached: new Map([[blob.token, blob.facts]]),
    });
    expect(answer.status).toBe(202);
    expect(accepted[0]?.blobs).toEqual([blob.facts.id]);
    expect(await gateway.deps.store.content(answer.body.id)).toContain(`"${blob.token}"`);
    expect(blobs.blobs.size).toBe(1);
  });

  it("refuses a composed letter over 100 MB built, its detached data counted", async () => {
    const { blobs, submit } = setup();
    const blob = await detachedBlob(blobs, SMALL);
    const facts = { ...blob.facts, base64Length: 100 * 1024 * 1024 };
    const refused = await refusedWith(
      submit({ type: "compose", body: composeWithAttachment(blob.token), detached: new Map([[blob.token, facts]]) }),
    );
    expect(refused.issues.map((i) => i.code)).toContain("message-too-large");
    expect(blobs.blobs.size).toBe(0);
  });
});
