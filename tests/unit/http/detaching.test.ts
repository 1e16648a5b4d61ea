// Which detacher a body gets, and what its attachments' facts hold (issue 17): a compose request (plain JSON) has no
// Attachment.hash, so its detached data is not hashed with SHA-1; a ready Bundle's may be asked for it.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { detacherFor } from "../../../src/http/detaching.js";
import { createMemoryBlobStore } from "../../../src/store/memory/blob-store.js";

async function factsOf(contentType: string, body: string) {
  const detacher = detacherFor(contentType, createMemoryBlobStore(), { largeBodyBytes: 1 << 20 });
  if (!detacher) throw new Error(`no detacher for ${contentType}`);
  await detacher.push(Buffer.from(body));
  const { detached } = await detacher.end();
  return [...detached.values()];
}

describe("detacherFor", () => {
  const bytes = randomBytes(100_000);
  const data = bytes.toString("base64");
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  it("hashes a compose request's detached data with SHA-256 only", async () => {
    const facts = await factsOf("application/json; charset=utf-8", JSON.stringify({ attachments: [{ data }] }));
    expect(facts).toHaveLength(1);
    expect(facts[0]?.sha256).toBe(sha256);
    expect(facts[0]?.sha1).toBeUndefined();
  });

  it("hashes a FHIR Bundle's detached data with SHA-1 too, for its Attachment.hash", async () => {
    const sha1 = createHash("sha1").update(bytes).digest("base64");
    const json = JSON.stringify({ resourceType: "Bundle", entry: [{ resource: { content: { data } } }] });
    expect((await factsOf("application/fhir+json", json))[0]?.sha1).toBe(sha1);
    const attachment = `<contentAttachment><data value="${data}"/></contentAttachment>`;
    const xml = `<Bundle xmlns="http://hl7.org/fhir"><entry><resource><Communication><payload>${attachment}</payload></Communication></resource></entry></Bundle>`;
    expect((await factsOf("application/fhir+xml", xml))[0]?.sha1).toBe(sha1);
  });

  it("reads other media types whole", () => {
    expect(detacherFor("application/xml", createMemoryBlobStore(), { largeBodyBytes: 1 << 20 })).toBeUndefined();
  });
});
