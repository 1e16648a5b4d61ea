// The streaming attachment check the large-letter tests rely on (tests/support/attachment-digest.ts): it must find a
// value whose marker or base64 quads are cut across chunks, and see a single changed byte.
import { describe, expect, it } from "vitest";
import { fhirScanner, vansScanner } from "../../support/attachment-digest.js";
import { seededBytes, sha256Hex } from "../../support/large-bodies.js";

const bytes = seededBytes("digest", 5000);
const xml = Buffer.from(`<Bundle><data value="${bytes.toString("base64")}"/><id value="x"/></Bundle>`);

/** Feed `doc` in pieces of `size` bytes. */
function chunks(doc: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < doc.length; i += size) out.push(doc.subarray(i, i + size));
  return out;
}

describe("attachment digest", () => {
  it.each([1, 3, 7, 64, 100_000])("decodes the value fed in %i-byte chunks", (size) => {
    const scanner = fhirScanner("xml");
    for (const c of chunks(xml, size)) scanner.push(c);
    expect(scanner.finish()).toEqual([{ size: 5000, sha256: sha256Hex(bytes) }]);
  });

  it("sees one changed byte", () => {
    const changed = Buffer.from(bytes);
    changed[2500] = (changed[2500] ?? 0) ^ 1;
    const scanner = fhirScanner("json");
    scanner.push(Buffer.from(`{"data":"${changed.toString("base64")}"}`));
    expect(scanner.finish()).not.toEqual([{ size: 5000, sha256: sha256Hex(bytes) }]);
  });

  it("decodes a VANS envelope's Data and scans the FHIR XML inside", () => {
    const envelope = Buffer.from(`<Message><Data>${xml.toString("base64")}</Data></Message>`);
    const { envelope: outer, inner } = vansScanner();
    for (const c of chunks(envelope, 333)) outer.push(c);
    expect(outer.finish()).toEqual([{ size: xml.length, sha256: sha256Hex(xml) }]);
    expect(inner.finish()).toEqual([{ size: 5000, sha256: sha256Hex(bytes) }]);
  });
});
