// Large letters for the streaming tests and the large bench (issue 17, "Done when"): an attachment of random bytes
// from a seed (the same seed, the same bytes, so a failure can be repeated), and the request bodies that carry it —
// a compose request, a ready FHIR JSON or XML Bundle — built as small documents around a marker and spliced, so the
// builder, writer and JSON.stringify never see the large value.
import { createCipheriv, createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCareCommunication } from "../../src/medcom/builders/index.js";
import { parseComposeRequest } from "../../src/medcom/compose/index.js";
import { writeFhirJson, writeFhirXml } from "../../src/medcom/fhir/index.js";
import type { Attachment, Bundle, Communication } from "../../src/medcom/model/index.js";

const root = join(import.meta.dirname, "../..");
export const MiB = 1024 * 1024;

/**
 * MedCom's limit is 100 MB for the whole message including its envelope (DOMAIN.md §1.12; the gateway checks 100 MiB,
 * src/medcom/validate/common-checks.ts). A "100 MB letter" is therefore one whose base64 attachment fills it: 74 MiB of
 * bytes are 98.7 MiB of base64, leaving 1.3 MiB for the rest of the letter (a few KB). A compose request with a
 * 100 MiB attachment builds a 133 MiB CareCommunication, which MedCom forbids (docs/large-messages.md "Found on the
 * way"); once the compose path checks the built size, it is refused.
 */
export const LETTER_100MB_ATTACHMENT = 74 * MiB;
/**
 * The largest letter one VANS envelope carries: the envelope (≤ 100 MiB, VANS_MAX_BYTES) holds the FHIR XML payload as
 * base64, so the attachment is base64 twice — 55 MiB of bytes are 97.8 MiB of envelope.
 */
export const LETTER_VANS_ATTACHMENT = 55 * MiB;

/** `size` random-looking bytes from `seed`: AES-256-CTR's key stream (fast, and the same for the same seed). */
export function seededBytes(seed: string, size: number): Buffer {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
export const sha1Base64 = (bytes: Uint8Array): string => createHash("sha1").update(bytes).digest("base64");

/** The attachment as base64, with one character replaced by `!` (outside RFC 4648) at `corruptAt` when given. */
export function attachmentBase64(bytes: Buffer, corruptAt?: number): Buffer {
  const text = Buffer.from(bytes.toString("base64"), "latin1");
  if (corruptAt !== undefined) text[corruptAt] = 0x21;
  return text;
}

/** A marker the builders and writers pass through unchanged (base64 letters only), then replaced by the data. */
const MARKER = "TUFSS0VSLWxhcmdlLWF0dGFjaG1lbnQtZGF0YQ==";

function splice(document: string, data: Buffer): Buffer {
  const at = document.indexOf(MARKER);
  if (at === -1 || document.indexOf(MARKER, at + 1) !== -1) throw new Error("the data marker must occur once");
  const head = Buffer.from(document.slice(0, at), "utf8");
  const tail = Buffer.from(document.slice(at + MARKER.length), "utf8");
  return Buffer.concat([head, data, tail]);
}

const composeLetter = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as Record<string, unknown>;

/** A compose request from PPR Gribskov (the fixture letter) to `receiver`, with one PDF attachment of `data` (base64). */
export function composeBody(receiver: string, data: Buffer): Buffer {
  const request = {
    ...composeLetter(),
    receiver,
    attachments: [{ title: "Scanning", contentType: "application/pdf", data: MARKER }],
  };
  return splice(JSON.stringify(request), data);
}

/** An ordinary compose request (no attachment) to `receiver`. */
export function ordinaryBody(receiver: string): string {
  return JSON.stringify({ ...composeLetter(), receiver });
}

const PARTIES = {
  sender: { gln: "5790001348120", sor: "953741000016009", name: "PPR Gribskov Kommune" },
};

export interface ReadyOptions {
  receiver: { gln: string; sor: string; name: string };
  /** Attachment.size as posted (FHIR R4: the decoded byte count); none when undefined. */
  size?: number;
  /** Attachment.hash as posted (base64 SHA-1 of the decoded bytes); none when undefined. */
  hash?: string;
}

/** A ready CareCommunication from PPR Gribskov with fresh ids, its one attachment's data to be spliced in. */
function readyBundle(o: ReadyOptions): Bundle {
  const parsed = parseComposeRequest({
    ...composeLetter(),
    receiver: o.receiver.gln,
    attachments: [{ title: "Scanning", contentType: "application/pdf", data: MARKER }],
  });
  if (!parsed.ok) throw new Error(`the large letter's request is invalid: ${JSON.stringify(parsed.issues)}`);
  const bundle = buildCareCommunication(parsed.value, {
    newId: randomUUID,
    now: new Date().toISOString(),
    parties: { sender: PARTIES.sender, receiver: o.receiver },
  });
  const attachment = attachmentOf(bundle);
  if (o.size !== undefined) attachment.size = o.size;
  if (o.hash !== undefined) attachment.hash = o.hash;
  return bundle;
}

function attachmentOf(bundle: Bundle): Attachment {
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.resourceType !== "Communication") continue;
    const found = ((entry.resource as Communication).payload ?? []).find((p) => p.contentAttachment?.data === MARKER);
    if (found?.contentAttachment) return found.contentAttachment;
  }
  throw new Error("the built letter has no attachment");
}

/** A ready FHIR JSON Bundle carrying `data` (base64) as its attachment; its MessageHeader.id is the message id. */
export function readyJsonBody(data: Buffer, o: ReadyOptions): Buffer {
  return splice(writeFhirJson(readyBundle(o)), data);
}

/** The same as FHIR XML. */
export function readyXmlBody(data: Buffer, o: ReadyOptions): Buffer {
  return splice(writeFhirXml(readyBundle(o)), data);
}
