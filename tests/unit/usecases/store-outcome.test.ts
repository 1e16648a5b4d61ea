// Issue 12, point 1: which 503 a failed store step gets. "Nothing was accepted" only when the command provably never
// reached Redis; a lost reply, or any Redis failure after the store, says the outcome is unknown and how to retry.
import { describe, expect, test } from "vitest";
import { GatewayError, statusOf, titleOf } from "../../../src/errors.js";
import { storeFailure } from "../../../src/usecases/steps/store-outcome.js";

const neverSent = new Error("Stream isn't writeable and enableOfflineQueue options is false");
const lost = Object.assign(new Error("Reached the max retries per request limit (which is 1)."), {
  name: "MaxRetriesPerRequestError",
});
const closed = new Error("Connection is closed.");
const bug = new TypeError("x is undefined");

const caught = (f: () => never): unknown => {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("did not throw");
};

describe("storeFailure", () => {
  test("a command refused unsent is rethrown as it is (the usual 503: nothing was accepted)", () => {
    expect(caught(() => storeFailure(neverSent, "idempotency-key"))).toBe(neverSent);
  });

  test("a lost reply or a closed connection is outcome-unknown, 503, with the retry hint", () => {
    for (const err of [lost, closed]) {
      const thrown = caught(() => storeFailure(err, "idempotency-key"));
      expect(thrown).toBeInstanceOf(GatewayError);
      const g = thrown as GatewayError;
      expect(g.kind).toBe("outcome-unknown");
      expect(statusOf(g.kind)).toBe(503);
      expect(titleOf(g.kind)).toContain("may not have been accepted: retry with the same Idempotency-Key");
      expect(g.issues[0]).toMatchObject({ code: "store-outcome-unknown" });
      expect(g.issues[0]?.message).toContain("same Idempotency-Key");
    }
  });

  test("after a store, even a command refused unsent is outcome-unknown: the store happened", () => {
    const thrown = caught(() => storeFailure(neverSent, "same-acknowledgement", true)) as GatewayError;
    expect(thrown.kind).toBe("outcome-unknown");
    expect(thrown.issues[0]?.message).toContain("same acknowledgement");
  });

  test("anything else (a bug, a refusal of the request) is rethrown as it is", () => {
    expect(caught(() => storeFailure(bug, "same-bundle", true))).toBe(bug);
    const refusal = new GatewayError("conflict");
    expect(caught(() => storeFailure(refusal, "same-bundle"))).toBe(refusal);
  });
});
