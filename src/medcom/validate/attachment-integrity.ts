// FHIR R4 Attachment (datatypes.html#Attachment): `size` is the number of bytes of the content and `hash` the
// base64 SHA-1 of it. A receiver that checks them would refuse a letter whose attachment was cut or swapped on the
// way, so the gateway does not pass on one whose own description already disagrees. Only when `data` is there (a
// link or an earlier attachment by identifier has nothing to compare) and only when size or hash is given: the
// decoding and hashing cost is paid by the messages that ask for it. A detached attachment (issue 17) is compared by
// the facts learnt while it streamed in, never decoded again; a token that is not the request's own is no data (the
// base64Binary check refuses it) and has nothing to compare.
import { createHash } from "node:crypto";
import { DETACHED_PREFIX } from "../detached.js";
import type { Attachment, Communication } from "../model/index.js";
import type { ValidationContext } from "./context.js";

export function checkAttachmentIntegrity(ctx: ValidationContext): void {
  for (const entry of ctx.ofType("Communication"))
    ((entry.resource as Communication).payload ?? []).forEach((payload, i) => {
      const a = payload.contentAttachment;
      if (a && typeof a.data === "string" && (a.size !== undefined || a.hash !== undefined))
        checkAttachment(ctx, a, a.data, `${entry.path}.payload[${i}].contentAttachment`);
    });
}

function checkAttachment(ctx: ValidationContext, a: Attachment, data: string, path: string): void {
  const facts = ctx.detached.get(data);
  if (facts === undefined && data.startsWith(DETACHED_PREFIX)) return;
  let size = facts?.size;
  let sha1 = facts?.sha1;
  if (facts === undefined) {
    const bytes = Buffer.from(data, "base64");
    size = bytes.length;
    if (a.hash !== undefined) sha1 = createHash("sha1").update(bytes).digest("base64");
  } else if (a.hash !== undefined && sha1 === undefined) {
    // Only a compose request's attachments go without: the builder writes no hash. Loud, never a wrong refusal.
    throw new Error(`${path}.hash is set, but its detached data was not hashed with SHA-1`);
  }
  if (a.size !== undefined && Number(a.size) !== size)
    ctx.error(
      "attachment-size",
      `${path}.size`,
      `Attachment.size is the number of bytes of the data: ${size}, not ${String(a.size)}.`,
      "fhir-attachment-size",
    );
  if (a.hash !== undefined && a.hash !== sha1)
    ctx.error(
      "attachment-hash",
      `${path}.hash`,
      "Attachment.hash is the base64 SHA-1 of the data; it does not match (the data or the hash is wrong).",
      "fhir-attachment-hash",
    );
}
