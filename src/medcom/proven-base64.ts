// Attachment data already proved to be base64 on the way in (issue 17, point 3): a compose request's check scans each
// attachment's data once (compose/parse.ts), and the Attachment the builder makes of it carries that proof to the
// validator's base64Binary check (syntax-checks.ts), which would otherwise scan the same 100 MB again. The proof is
// kept beside the object that holds the data, with the very string proved: data changed after the proof is not
// proved (the comparison is by identity first, so it costs nothing when unchanged). Only the gateway's own code marks
// anything; a Bundle read from a request is never marked, so a posted ready Bundle is checked in full as before.
// The proof also says whether the data is compact (no white space at all): the builder and the fingerprint then skip
// their own search for white space, each a scan of the whole text (≈ 0.13 ms for a 200 KB PDF).
import type { Base64Form } from "./validate/primitive-formats.js";

const proven = new WeakMap<object, { data: string; form: Base64Form }>();

/** `holder.data` (a compose attachment, a built Attachment) is base64: checked, non-empty, written in `form`. */
export function markProvenBase64(holder: object, data: string, form: Base64Form): void {
  proven.set(holder, { data, form });
}

export function isProvenBase64(holder: object, data: unknown): boolean {
  return typeof data === "string" && proven.get(holder)?.data === data;
}

/** Proved base64 without any white space (what encoders write): the very string, when stripped of it. */
export function isCompactBase64(holder: object, data: unknown): boolean {
  const proof = proven.get(holder);
  return typeof data === "string" && proof?.data === data && proof.form === "compact";
}
