// Attachment data already proved to be base64 on the way in (issue 17, point 3): a compose request's check scans each
// attachment's data once (compose/parse.ts), and the Attachment the builder makes of it carries that proof to the
// validator's base64Binary check (syntax-checks.ts), which would otherwise scan the same 100 MB again. The proof is
// kept beside the object that holds the data, with the very string proved: data changed after the proof is not
// proved (the comparison is by identity first, so it costs nothing when unchanged). Only the gateway's own code marks
// anything; a Bundle read from a request is never marked, so a posted ready Bundle is checked in full as before.
const proven = new WeakMap<object, string>();

/** `holder.data` (a compose attachment, a built Attachment) is base64: checked, non-empty. */
export function markProvenBase64(holder: object, data: string): void {
  proven.set(holder, data);
}

export function isProvenBase64(holder: object, data: unknown): boolean {
  return typeof data === "string" && proven.get(holder) === data;
}
