// A repeat is the stored message, or a conflict, by one fingerprint (issue 14, point 2) — also for records accepted
// before that fingerprint existed, whose stored hash is an earlier recipe's: their stored message is fingerprinted again.
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { messageFingerprint } from "../../../src/medcom/readers/index.js";
import { isSameMessage } from "../../../src/usecases/steps/same-message.js";
import { build, composeFixture } from "../../support/build.js";

const letter = build(composeFixture("new-ppr-to-gp.json"));
const otherText = build(composeFixture("new-ppr-to-gp.json", { text: "Another letter altogether." }));
/** What the gateway stored as a fingerprint before issue 14: a bare base64url SHA-256 of another recipe. */
const earlierRecipe = createHash("sha256").update("some earlier recipe's input").digest("base64url");

function storeHolding(content: string | undefined) {
  const reads: string[] = [];
  return {
    reads,
    deps: {
      store: {
        content: (id: string) => {
          reads.push(id);
          return Promise.resolve(content);
        },
      },
    } as unknown as Parameters<typeof isSameMessage>[2],
  };
}

describe("isSameMessage", () => {
  test("the same fingerprint is the same message, without reading the content", async () => {
    const { deps, reads } = storeHolding(undefined);
    const fp = messageFingerprint(letter);
    expect(await isSameMessage({ id: "a", fingerprint: fp }, fp, deps)).toBe(true);
    expect(reads).toEqual([]);
  });

  test("another fingerprint of the current recipe is another message, without reading the content", async () => {
    const { deps, reads } = storeHolding(JSON.stringify(letter));
    const stored = messageFingerprint(otherText);
    expect(await isSameMessage({ id: "a", fingerprint: stored }, messageFingerprint(letter), deps)).toBe(false);
    expect(reads).toEqual([]);
  });

  test("a record of an earlier recipe: its stored message is fingerprinted again and decides", async () => {
    const same = storeHolding(JSON.stringify(letter));
    expect(await isSameMessage({ id: "a", fingerprint: earlierRecipe }, messageFingerprint(letter), same.deps)).toBe(
      true,
    );
    expect(same.reads).toEqual(["a"]);
    const other = storeHolding(JSON.stringify(otherText));
    expect(await isSameMessage({ id: "a", fingerprint: earlierRecipe }, messageFingerprint(letter), other.deps)).toBe(
      false,
    );
    const expired = storeHolding(undefined);
    expect(await isSameMessage({ id: "a", fingerprint: earlierRecipe }, messageFingerprint(letter), expired.deps)).toBe(
      false,
    );
  });
});
