// Detached attachments in the medcom core (issue 17): a token of the request's own detached attachments is legal
// Attachment.data, checked by its facts (size, SHA-1) and never decoded; any other token is not base64 — a client
// cannot send one. And the compose path checks an attachment's base64 once (issue 17, point 3).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BlobFacts } from "../../../src/domain/ports/blob-store.js";
import { attachmentSegment } from "../../../src/medcom/builders/segments.js";
import { parseComposeRequest, type ComposeAttachment } from "../../../src/medcom/compose/index.js";
import { detachedToken, type DetachedAttachments } from "../../../src/medcom/detached.js";
import { readFhir, writeFhirJson } from "../../../src/medcom/fhir/index.js";
import type { Attachment, Bundle, Communication } from "../../../src/medcom/model/index.js";
import { isCompactBase64, isProvenBase64, markProvenBase64 } from "../../../src/medcom/proven-base64.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { build, composeFixture, NOW } from "../../support/build.js";
import { readFixture } from "../../support/shared.js";

const PDF = randomBytes(2000);
const DATA = PDF.toString("base64");

/** What the builder tells an attachment segment about its letter (a fresh segment identifier each time). */
const segmentContext = () => ({
  identifier: `urn:uuid:${randomUUID()}`,
  now: NOW,
  assignerId: "a",
  author: { roleId: "r", phone: "1" },
});

function factsOf(bytes: Buffer, id = randomUUID()): BlobFacts {
  return {
    id,
    size: bytes.length,
    sha1: createHash("sha1").update(bytes).digest("base64"),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    base64Length: bytes.toString("base64").length,
  };
}

const letterWith = (data: string): Bundle =>
  build(
    composeFixture("new-with-attachments.json", {
      attachments: [{ title: "Stor", contentType: "application/pdf", data }],
    }),
  );

/** The letter's one attachment, and its path as the validator names it. */
function attachmentOf(bundle: Bundle): { attachment: Attachment; path: string } {
  const index = (bundle.entry ?? []).findIndex((e) => e.resource?.resourceType === "Communication");
  const payload = (bundle.entry?.[index]?.resource as Communication).payload ?? [];
  const at = payload.findIndex((p) => p.contentAttachment !== undefined);
  const attachment = payload[at]?.contentAttachment;
  if (!attachment) throw new Error("no attachment");
  return {
    attachment,
    path: `Bundle.entry[${index}].resource.ofType(Communication).payload[${at}].contentAttachment`,
  };
}

/** A letter read from a request whose attachment data is `data` (a token, say: never a compose request's). */
function readLetterWith(data: string): Bundle {
  const bundle = asRead(letterWith(DATA));
  attachmentOf(bundle).attachment.data = data;
  return bundle;
}

/** The same letter as read from a request (no proof of anything carried over). */
const asRead = (bundle: Bundle): Bundle => {
  const read = readFhir(writeFhirJson(bundle), "json");
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value as Bundle;
};

const errorsAt = (bundle: Bundle, detached?: DetachedAttachments) =>
  validateMessage(bundle, detached ? { detached } : {})
    .issues.filter((i) => i.severity === "error")
    .map((i) => `${i.path} ${i.code}`);

describe("a token of the request's own detached attachments", () => {
  const facts = factsOf(PDF);
  const token = detachedToken(facts.id);
  const detached = new Map([[token, facts]]);

  it("is legal Attachment.data", () => {
    const bundle = readLetterWith(token);
    expect(errorsAt(bundle, detached)).toEqual([]);
  });

  it("is checked against Attachment.size and .hash by its facts", () => {
    const bundle = readLetterWith(token);
    const { attachment, path } = attachmentOf(bundle);
    attachment.size = PDF.length;
    attachment.hash = facts.sha1;
    expect(errorsAt(bundle, detached)).toEqual([]);
    attachment.size = PDF.length + 1;
    attachment.hash = createHash("sha1").update("other").digest("base64");
    expect(errorsAt(bundle, detached)).toEqual([`${path}.size attachment-size`, `${path}.hash attachment-hash`]);
  });

  it("data sent inline is still decoded and compared", () => {
    const bundle = asRead(letterWith(DATA));
    const { attachment, path } = attachmentOf(bundle);
    attachment.size = PDF.length;
    attachment.hash = facts.sha1;
    expect(errorsAt(bundle)).toEqual([]);
    attachment.size = 1;
    expect(errorsAt(bundle)).toEqual([`${path}.size attachment-size`]);
  });
});

describe("any other token", () => {
  const mine = factsOf(PDF);
  const detached = new Map([[detachedToken(mine.id), mine]]);

  it.each([
    ["with no detached attachments", undefined],
    ["with other detached attachments", detached],
  ])("is refused as not base64 (a client-sent detached:<uuid>), %s", (_, given) => {
    const bundle = readLetterWith(detachedToken(randomUUID()));
    const { attachment, path } = attachmentOf(bundle);
    attachment.size = PDF.length;
    expect(errorsAt(bundle, given)).toEqual([`${path}.data fhir-primitive-format`]);
  });

  it("a token outside Attachment.data is judged as what it is", () => {
    const bundle = asRead(letterWith(DATA));
    const token = detachedToken(mine.id);
    const { attachment, path } = attachmentOf(bundle);
    attachment.url = token; // a uri: no white space, so legal; data stays the inline data
    expect(errorsAt(bundle, detached)).not.toContain(`${path}.url fhir-primitive-format`);
    delete attachment.url;
    attachment.title = token;
    expect(errorsAt(bundle, detached)).toEqual([]);
  });
});

describe("the compose check (issue 17, point 3: base64 checked once)", () => {
  const request = (attachments: unknown[]) => ({
    ...(JSON.parse(readFixture("compose/new-with-attachments.json")) as object),
    attachments,
  });
  const issuesOf = (input: unknown, detached?: DetachedAttachments) => {
    const result = parseComposeRequest(input, detached);
    return result.ok ? [] : result.issues.map((i) => `${i.path} ${i.code}`);
  };

  it("accepts a token of the request's own detached attachments, and no other", () => {
    const facts = factsOf(PDF);
    const token = detachedToken(facts.id);
    const attachments = [{ title: "x", contentType: "application/pdf", data: token }];
    expect(issuesOf(request(attachments), new Map([[token, facts]]))).toEqual([]);
    expect(issuesOf(request(attachments))).toEqual(["/attachments/0/data base64"]);
    expect(issuesOf(request(attachments), new Map([[detachedToken(randomUUID()), facts]]))).toEqual([
      "/attachments/0/data base64",
    ]);
  });

  it("base64 with white space between characters is base64; anything else is not, reported once", () => {
    const folded = DATA.replace(/(.{76})/g, "$1\r\n");
    expect(issuesOf(request([{ title: "x", contentType: "application/pdf", data: folded }]))).toEqual([]);
    for (const data of ["QUJD=", "QU=D", "QUJ", "", "QUJD\u0001", "QUJD\u00a0"])
      expect(issuesOf(request([{ title: "x", contentType: "application/pdf", data }]))).toContain(
        "/attachments/0/data base64",
      );
    expect(
      issuesOf(request([{ title: "x", contentType: "application/pdf", data: "QUJD\u0001" }])).filter((i) =>
        i.startsWith("/attachments/0/data"),
      ),
    ).toEqual(["/attachments/0/data base64"]);
  });

  it("marks the checked data, and the built Attachment carries the proof (white space removed)", () => {
    const folded = DATA.replace(/(.{76})/g, "$1\n");
    const parsed = parseComposeRequest(request([{ title: "x", contentType: "application/pdf", data: folded }]));
    if (!parsed.ok) throw new Error("invalid");
    const attachment = parsed.value.attachments?.[0] as ComposeAttachment & { data: string };
    expect(isProvenBase64(attachment, folded)).toBe(true);
    expect(isCompactBase64(attachment, folded)).toBe(false); // folded: the builder takes the white space out
    const segment = attachmentSegment(attachment, segmentContext());
    const built = segment.contentAttachment;
    expect(built?.data).toBe(DATA);
    expect(isProvenBase64(built ?? {}, DATA)).toBe(true);
    expect(isCompactBase64(built ?? {}, DATA)).toBe(true);
  });

  it("compact checked data is proved compact, and the builder keeps the very string", () => {
    const parsed = parseComposeRequest(request([{ title: "x", contentType: "application/pdf", data: DATA }]));
    if (!parsed.ok) throw new Error("invalid");
    const attachment = parsed.value.attachments?.[0] as ComposeAttachment & { data: string };
    expect(isCompactBase64(attachment, DATA)).toBe(true);
    expect(isCompactBase64(attachment, `${DATA}`.slice(0))).toBe(true); // the same text
    expect(isCompactBase64(attachment, DATA.slice(4))).toBe(false); // other data: not proved
    const segment = attachmentSegment(attachment, segmentContext());
    expect(segment.contentAttachment?.data).toBe(DATA);
    expect(isCompactBase64(segment.contentAttachment ?? {}, DATA)).toBe(true);
  });

  it("keeps the very string when the data has no white space (no copy)", () => {
    const attachment = { title: "x", contentType: "application/pdf", data: DATA };
    const segment = attachmentSegment(attachment, segmentContext());
    expect(segment.contentAttachment?.data).toBe(DATA);
    expect(isProvenBase64(segment.contentAttachment ?? {}, DATA)).toBe(false); // never checked: not proved
  });

  it("a composed letter's proved data is not scanned again by the validator", () => {
    const composed = letterWith(DATA);
    const { attachment, path } = attachmentOf(composed);
    expect(isProvenBase64(attachment, attachment.data)).toBe(true);
    expect(errorsAt(composed)).toEqual([]);
    // Shown by proving bad data by hand: the validator takes the proof (only the gateway's own code marks anything).
    attachment.data = "not base64!";
    expect(errorsAt(composed)).toEqual([`${path}.data fhir-primitive-format`]);
    markProvenBase64(attachment, attachment.data, "compact");
    expect(errorsAt(composed)).toEqual([]);
  });

  it("a posted ready Bundle is checked in full: read from the request, nothing is proved", () => {
    const read = asRead(letterWith(DATA));
    const { attachment, path } = attachmentOf(read);
    expect(isProvenBase64(attachment, attachment.data)).toBe(false);
    attachment.data = `${DATA.slice(0, 8)}*${DATA.slice(9)}`;
    expect(errorsAt(read)).toEqual([`${path}.data fhir-primitive-format`]);
  });
});
