// The streaming base64 sink (issue 17): the same bytes and hashes as decoding the whole text at once, however the text
// is cut, and every malformed value refused at the character that breaks it.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Base64StreamError, base64Sink } from "../../../src/medcom/detach/base64-sink.js";
import { createMemoryBlobStore } from "../../../src/store/memory/blob-store.js";

const ascii = (s: string): Uint8Array => Buffer.from(s, "latin1");

async function sinkAll(text: string, cut: number) {
  const store = createMemoryBlobStore();
  const sink = base64Sink(store.create());
  for (let i = 0; i < text.length; i += cut) await sink.push(ascii(text.slice(i, i + cut)));
  const facts = await sink.end();
  const stored = Buffer.concat(store.blobs.get(facts.id) ?? []);
  return { facts, stored, store };
}

describe("base64Sink", () => {
  for (const size of [1, 2, 3, 4, 5, 48 * 1024 - 1, 48 * 1024, 48 * 1024 + 1, 200_003])
    for (const cut of [1, 3, 4, 7, 65_536, 1 << 20])
      if (size < 5000 || cut > 1)
        it(`decodes ${size} bytes cut every ${cut} characters`, async () => {
          const bytes = randomBytes(size);
          const { facts, stored } = await sinkAll(bytes.toString("base64"), cut);
          expect(stored.equals(bytes)).toBe(true);
          expect(facts.size).toBe(size);
          expect(facts.sha1).toBe(createHash("sha1").update(bytes).digest("base64"));
          expect(facts.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
          expect(facts.base64Length).toBe(bytes.toString("base64").length);
        });

  it("leaves the SHA-1 out when asked (a compose request has no Attachment.hash), all else the same", async () => {
    const bytes = randomBytes(150_001);
    const store = createMemoryBlobStore();
    const sink = base64Sink(store.create(), { sha1: false });
    await sink.push(ascii(bytes.toString("base64")));
    const facts = await sink.end();
    expect(facts.sha1).toBeUndefined();
    expect(facts.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(facts.size).toBe(bytes.length);
    expect(Buffer.concat(store.blobs.get(facts.id) ?? []).equals(bytes)).toBe(true);
  });

  it("skips white space between characters, as FHIR's base64Binary allows", async () => {
    const bytes = randomBytes(1000);
    const wrapped = (bytes.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n\t ");
    const { stored, facts } = await sinkAll(wrapped, 13);
    expect(stored.equals(bytes)).toBe(true);
    expect(facts.base64Length).toBe(bytes.toString("base64").length);
  });

  const refusals: [string, string, number, Base64StreamError["reason"]][] = [
    ["a character outside the alphabet", "QUJD-REVG", 4, "character"],
    ["a non-ASCII byte", "QUJD\u00e9REVG", 4, "character"],
    ["data after padding", "QQ==QUJD", 4, "padding"],
    ["three padding characters", "Q===", 3, "padding"],
    ["a length not a multiple of 4", "QUJDR", 5, "length"],
    ["nothing", "  ", 2, "empty"],
  ];
  for (const [what, text, offset, reason] of refusals)
    it(`refuses ${what}`, async () => {
      const error = await sinkAll(text, 2).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Base64StreamError);
      expect(error).toMatchObject({ offset, reason });
    });

  // The alphabet is checked natively a piece at a time (whole quads decoded: alphabetRunEnd); wherever in a long value
  // the one bad character falls — at a piece's edge, inside a later, doubled piece, or in the last quad — it is
  // found at its own offset, including the URL-safe characters Node's decoder would take.
  const long = randomBytes(150_000).toString("base64");
  const positions = [0, 1, 255, 256, 257, 767, 768, 40_000, 65_535, 65_536, 131_071, long.length - 4, long.length - 1];
  const bad: [string, string, Base64StreamError["reason"]][] = [
    ["-", "-", "character"],
    ["_", "_", "character"],
    [".", ".", "character"],
    ["NUL", "\u0000", "character"],
    ["é", "\u00e9", "character"],
    ["=", "=", "padding"],
  ];
  for (const [name, char, reason] of bad)
    for (const cut of [65_536, 1 << 20])
      it(`refuses '${name}' at its offset in a long value (cut every ${cut})`, async () => {
        for (const at of positions) {
          const text = long.slice(0, at) + char + long.slice(at + 1);
          const error = await sinkAll(text, cut).catch((e: unknown) => e);
          // '=' in the last two places is padding, and then the value is simply shorter: not this test's case. Before
          // them it is taken as padding, and the data after it is what is refused (as in "QQ==QUJD").
          if (char === "=" && at >= long.length - 2) continue;
          expect(error, `at ${at}`).toMatchObject({ offset: char === "=" ? at + 1 : at, reason });
        }
      });

  it("decodes a long value wrapped every 76 characters as a long value without white space", async () => {
    const bytes = randomBytes(150_000);
    const wrapped = (bytes.toString("base64").match(/.{1,76}/g) ?? []).join("\n");
    const { stored } = await sinkAll(wrapped, 65_536);
    expect(stored.equals(bytes)).toBe(true);
  });

  it("abort deletes what was written", async () => {
    const store = createMemoryBlobStore();
    const sink = base64Sink(store.create());
    await sink.push(ascii(randomBytes(200_000).toString("base64")));
    expect(store.blobs.size).toBe(1);
    await sink.abort();
    expect(store.blobs.size).toBe(0);
  });
});
