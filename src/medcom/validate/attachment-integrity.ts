// FHIR R4 Attachment (datatypes.html#Attachment): `size` is the number of bytes of the content and `hash` the
// base64 SHA-1 of it. A receiver that checks them would refuse a letter whose attachment was cut or swapped on the
// way, so the gateway does not pass on one whose own description already disagrees. Only when `data` is there (a
// link or an earlier attachment by identifier has nothing to compare) and only when size or hash is given: the
// decoding and hashing cost is paid by the messages that ask for it.
import { createHash } from "node:crypto";
import type { Attachment, Communication } from "../model/index.js";
import type { ValidationContext } from "./context.js";

export function checkAttachmentIntegrity(ctx: ValidationContext): void {
  for (const entry of ctx.ofType("Communication"))
    ((entry.resource as Communication).payload ?? []).forEach((payload, i) => {
      const a = payload.contentAttachment;
      if (a && typeof a.data === "string" && (a.size !== undefined || a.hash !== undefined))
        checkAttachment(ctx, a, `${entry.path}.payload[${i}].contentAttachment`);
    });
}

function checkAttachment(ctx: ValidationContext, a: Attachment, path: string): void {
  const bytes = Buffer.from(a.data ?? "", "base64");
  if (a.size !== undefined && Number(a.size) !== bytes.length)
    ctx.error(
      "attachment-size",
      `${path}.size`,
      `Attachment.size is the number of bytes of the data: ${bytes.length}, not ${String(a.size)}.`,
      "fhir-attachment-size",
    );
  if (a.hash !== undefined && a.hash !== createHash("sha1").update(bytes).digest("base64"))
    ctx.error(
      "attachment-hash",
      `${path}.hash`,
      "Attachment.hash is the base64 SHA-1 of the data; it does not match (the data or the hash is wrong).",
      "fhir-attachment-hash",
    );
}
