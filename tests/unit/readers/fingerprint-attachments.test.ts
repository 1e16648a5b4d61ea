// The fingerprint of a letter with attachments (issue 17): the data counts as the SHA-256 of the bytes it stands for,
// so inline base64 (folded or not) and a detached attachment's token are the same data, the same message posted
// twice with other tokens is one message, and the data is hashed once, never cloned.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BlobFacts } from "../../../src/domain/ports/blob-store.js";
import { detachedToken } from "../../../src/medcom/detached.js";
import { readFhir, writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { isCurrentFingerprint, messageFingerprint } from "../../../src/medcom/readers/fingerprint.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import { isSameMessage } from "../../../src/usecases/steps/same-message.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";

const PDF = randomBytes(3000);
const DATA = PDF.toString("base64");

const factsOf = (bytes: Buffer): BlobFacts => ({
  id: randomUUID(),
  size: bytes.length,
  sha1: createHash("sha1").update(bytes).digest("base64"),
  sha256: createHash("sha256").update(bytes).digest("hex"),
  base64Length: bytes.toString("base64").length,
});

const letterWith = (data: string, ids = sequentialIds(1)): Bundle =>
  build(
    composeFixture("new-with-attachments.json", {
      attachments: [{ title: "Bilag", contentType: "application/pdf", data }],
    }),
    undefined,
    ids,
  );

function attachmentOf(bundle: Bundle) {
  const c = bundle.entry?.find((e) => e.resource?.resourceType === "Communication")?.resource as Communication;
  const a = c.payload?.find((p) => p.contentAttachment)?.contentAttachment;
  if (!a) throw new Error("no attachment");
  return a;
}

/** The letter as posted again with its data detached under a fresh token. */
function detachedCopy(bundle: Bundle, bytes: Buffer) {
  const copy = structuredClone(bundle);
  const facts = factsOf(bytes);
  const token = detachedToken(facts.id);
  attachmentOf(copy).data = token;
  return { bundle: copy, detached: new Map([[token, facts]]) };
}

const fingerprint = (bundle: Bundle, detached?: ReadonlyMap<string, BlobFacts>) =>
  messageFingerprint(bundle, describeMessage(bundle), detached);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the same message", () => {
  const first = letterWith(DATA);

  it("posted again with its data detached (any token for the same bytes)", () => {
    const one = detachedCopy(first, PDF);
    const two = detachedCopy(first, PDF);
    expect(one.bundle).not.toEqual(two.bundle);
    expect(fingerprint(one.bundle, one.detached)).toBe(fingerprint(first));
    expect(fingerprint(two.bundle, two.detached)).toBe(fingerprint(one.bundle, one.detached));
  });

  it("its base64 folded with line breaks (as an XML writer may) or read back from XML", () => {
    const folded = structuredClone(first);
    attachmentOf(folded).data = DATA.replace(/(.{76})/g, "$1\n");
    expect(fingerprint(folded)).toBe(fingerprint(first));
    const read = readFhir(writeFhirXml(folded), "xml");
    if (!read.ok) throw new Error("unreadable");
    expect(fingerprint(read.value as Bundle)).toBe(fingerprint(first));
  });

  it("composed from compact data (proved, not searched for white space), folded data, or read back unproved", () => {
    const read = readFhir(writeFhirJson(first), "json");
    if (!read.ok) throw new Error("unreadable");
    expect(fingerprint(read.value as Bundle)).toBe(fingerprint(first));
    expect(fingerprint(letterWith(DATA.replace(/(.{76})/g, "$1\r\n")))).toBe(fingerprint(first));
    expect(fingerprint(letterWith(` ${DATA} `))).toBe(fingerprint(first));
  });

  it("data longer than one decoding slice is hashed whole", () => {
    const big = randomBytes(1_000_000); // 1.33 M base64 characters: two slices
    const inline = letterWith(big.toString("base64"));
    const { bundle, detached } = detachedCopy(inline, big);
    expect(fingerprint(bundle, detached)).toBe(fingerprint(inline));
  });

  it("a duplicate of a stored letter with an attachment is recognised, also from a record of the earlier recipe", async () => {
    const again = letterWith(DATA, sequentialIds(5000));
    const posted = detachedCopy(again, PDF);
    const now = fingerprint(posted.bundle, posted.detached);
    const deps = {
      store: { content: () => Promise.resolve(JSON.stringify(first)) },
    } as unknown as Parameters<typeof isSameMessage>[2];
    expect(await isSameMessage({ id: "a", fingerprint: fingerprint(first) }, now, deps)).toBe(true);
    // A record stored before issue 17 carries an `m1.` fingerprint: no longer this recipe, so its content decides.
    expect(isCurrentFingerprint("m1.abc")).toBe(false);
    expect(await isSameMessage({ id: "a", fingerprint: "m1.abc" }, now, deps)).toBe(true);
  });
});

describe("another message", () => {
  const first = letterWith(DATA);

  it("other attachment bytes, inline or detached", () => {
    const other = randomBytes(3000);
    expect(fingerprint(letterWith(other.toString("base64")))).not.toBe(fingerprint(first));
    const { bundle, detached } = detachedCopy(first, other);
    expect(fingerprint(bundle, detached)).not.toBe(fingerprint(first));
  });

  it("a token that is not the request's own stands for nothing (another message than the data)", () => {
    const { bundle } = detachedCopy(first, PDF);
    expect(fingerprint(bundle)).not.toBe(fingerprint(first));
  });
});

describe("cost", () => {
  it("nothing is cloned (the attachment data least of all), and the message is not changed", () => {
    const bundle = letterWith(DATA);
    const before = JSON.stringify(bundle);
    const clone = vi.spyOn(globalThis, "structuredClone");
    fingerprint(bundle);
    expect(clone).not.toHaveBeenCalled();
    expect(JSON.stringify(bundle)).toBe(before);
  });

  it("the recipe is marked m2", () => {
    expect(fingerprint(letterWith(DATA)).startsWith("m2.")).toBe(true);
    expect(isCurrentFingerprint(fingerprint(letterWith(DATA)))).toBe(true);
    expect(writeFhirJson(letterWith(DATA))).toContain(DATA);
  });
});
