// A letter with a detached attachment on its way out (issue 17): the documents are a stream whose bytes are exactly
// those of the same letter with its data inline, in FHIR JSON and XML; the length is known up front; a blob that is
// gone fails for good (DetachedBlobMissing); a legacy location refuses it; a token in the text that is not one of the
// content's attachments stays text; small letters stay bytes.
import { describe, expect, it } from "vitest";
import type { MessageRecord } from "../../../src/domain/record.js";
import { detachedBlobsOf, splitAtTokens, DetachedTokenMismatch } from "../../../src/medcom/detached-text.js";
import { detachedToken } from "../../../src/medcom/detached.js";
import { createMemoryLegacyIds } from "../../../src/store/memory/legacy-ids.js";
import { DetachedBlobMissing } from "../../../src/usecases/deliver/expand-detached.js";
import { MEDCOM_CONVERSIONS } from "../../../src/usecases/deliver/medcom-conversions.js";
import { outgoingDocuments } from "../../../src/usecases/deliver/outgoing-documents.js";
import { collect, detachedLetter } from "../../support/detached-letter.js";

const record = {
  id: "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
  kind: "new",
  sender: { gln: "5790000209354", name: "GP" },
  receiver: { gln: "5790001348120", name: "PPR" },
} satisfies Partial<MessageRecord>;

describe("outgoing documents of a letter with a detached attachment", () => {
  for (const format of ["application/fhir+json", "application/fhir+xml"] as const) {
    it(`${format}: streamed, byte for byte the inline letter's document, its length up front, opened twice`, async () => {
      const letter = await detachedLetter(2 * 1024 * 1024 + 1, 100_003);
      const inline = await outgoingDocuments(record, letter.inline, format, undefined);
      const streamed = await outgoingDocuments(record, letter.detached, format, undefined, letter.blobs);
      if (!inline.ok || !streamed.ok) throw new Error("not made");
      const [expected] = inline.value;
      const [doc] = streamed.value;
      if (!expected?.bytes || !doc?.stream) throw new Error("expected bytes inline and a stream detached");
      expect(doc.part).toBe("fhir");
      expect(doc.mediaType).toBe(format);
      expect(doc.stream.byteLength).toBe(expected.bytes.byteLength);
      expect((await collect(doc.stream.open())).equals(Buffer.from(expected.bytes))).toBe(true);
      expect((await collect(doc.stream.open())).equals(Buffer.from(expected.bytes))).toBe(true);
      expect(Buffer.from(doc.withTokens).toString("utf8")).toContain(detachedToken(letter.blobId));
    });
  }

  it("a small letter stays bytes, unchanged", async () => {
    const letter = await detachedLetter(10);
    const made = await outgoingDocuments(record, letter.inline, "application/fhir+json", undefined, letter.blobs);
    expect(made.ok && made.value[0]?.bytes && Buffer.from(made.value[0].bytes).toString("utf8")).toBe(letter.inline);
  });

  it("a blob that is gone fails with DetachedBlobMissing (permanent), before anything is made", async () => {
    const letter = await detachedLetter(5000);
    await letter.blobs.delete(letter.blobId);
    await expect(
      outgoingDocuments(record, letter.detached, "application/fhir+xml", undefined, letter.blobs),
    ).rejects.toBeInstanceOf(DetachedBlobMissing);
  });

  it("a blob that is incomplete counts as gone", async () => {
    const letter = await detachedLetter(5000);
    const half = letter.blobs.create();
    await half.write(new Uint8Array(10));
    const content = letter.detached.replace(letter.blobId, half.id);
    await expect(
      outgoingDocuments(record, content, "application/fhir+json", undefined, letter.blobs),
    ).rejects.toBeInstanceOf(DetachedBlobMissing);
  });

  it("a blob whose bytes change after it was sized fails the stream, not silently", async () => {
    const letter = await detachedLetter(5000);
    const made = await outgoingDocuments(record, letter.detached, "application/fhir+json", undefined, letter.blobs);
    const doc = made.ok ? made.value[0] : undefined;
    if (!doc?.stream) throw new Error("no stream");
    letter.blobs.blobs.get(letter.blobId)?.push(new Uint8Array(3));
    // The blob store notices the extra chunk itself (its count is sealed); the stream's own size check is the second
    // line of defence, for a store that does not.
    await expect(collect(doc.stream.open())).rejects.toThrow(/bytes it was sized at|incomplete/);
  });

  it("without a blob store, or to a legacy location, it is refused with a reason", async () => {
    const letter = await detachedLetter(5000);
    const none = await outgoingDocuments(record, letter.detached, "application/fhir+json", undefined);
    expect(!none.ok && none.issues[0]?.message).toMatch(/no blob store/);
    const legacy = await outgoingDocuments(
      record,
      letter.detached,
      "xdis91",
      { legacyIds: createMemoryLegacyIds(), conversions: MEDCOM_CONVERSIONS },
      letter.blobs,
    );
    expect(!legacy.ok && legacy.issues[0]?.message).toMatch(/too large to be converted to XDIS91/);
  });
});

describe("splitAtTokens", () => {
  const a = "0a1b2c3d-0000-4000-8000-000000000001";
  const b = "0a1b2c3d-0000-4000-8000-000000000002";
  const bytes = (s: string) => Buffer.from(s, "utf8");

  it("cuts only at the content's own tokens; a token-like text of another blob stays text", () => {
    const text = `{"text":"detached:${b}","data":"detached:${a}","x":"detached:nope"}`;
    const pieces = splitAtTokens(bytes(text), new Map([[a, 1]]));
    expect(pieces.map((p) => ("blobId" in p ? `<${p.blobId}>` : Buffer.from(p.bytes).toString()))).toEqual([
      `{"text":"detached:${b}","data":"`,
      `<${a}>`,
      `","x":"detached:nope"}`,
    ]);
  });

  it("refuses a text naming a content's blob more often than the content does", () => {
    const text = `"detached:${a}" and again "detached:${a}"`;
    expect(() => splitAtTokens(bytes(text), new Map([[a, 1]]))).toThrow(DetachedTokenMismatch);
    expect(() => splitAtTokens(bytes("nothing"), new Map([[a, 1]]))).toThrow(DetachedTokenMismatch);
  });

  it("detachedBlobsOf counts the data members only", () => {
    const content = { data: detachedToken(a), entry: [{ x: { data: detachedToken(a) } }, { text: detachedToken(b) }] };
    expect([...detachedBlobsOf(content)]).toEqual([[a, 2]]);
  });
});
