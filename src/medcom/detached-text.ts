// Where a delivered document's detached attachments go (issue 17, point 1): the stored content keeps `detached:<id>`
// in each large Attachment.data (src/medcom/detached.ts), the delivered form (FHIR JSON as stored, FHIR XML written
// from it) carries the token as text, and on the way out each token is replaced by the base64 of its blob. Only the
// tokens the content's own `data` members hold are replaced, each exactly as often as the content names it: text a
// client wrote that merely looks like a token (a narrative quoting one) stays text, and a text that names one of the
// content's blobs anywhere else is refused rather than guessed at. Pure: bytes in, pieces out.
import { blobIdOf, DETACHED_PREFIX } from "./detached.js";

/** Quick test before any parse: a content without the prefix names no detached attachment (every ordinary letter). */
export const mayNameDetached = (content: string): boolean => content.includes(DETACHED_PREFIX);

/**
 * The blobs a parsed content's `data` members name (the detachers replace string members named `data`), with how many
 * times each is named. Iterative, so a deep document cannot overflow the stack.
 */
export function detachedBlobsOf(value: unknown): Map<string, number> {
  const named = new Map<string, number>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    for (const [key, member] of Object.entries(v as Record<string, unknown>)) {
      if (key === "data" && typeof member === "string") {
        const id = blobIdOf(member);
        if (id !== undefined) named.set(id, (named.get(id) ?? 0) + 1);
      } else stack.push(member);
    }
  }
  return named;
}

/** The written document and its content disagree about where a detached attachment goes: never sent (permanent). */
export class DetachedTokenMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DetachedTokenMismatch";
  }
}

export type TextPiece = { bytes: Uint8Array } | { blobId: string };

const PREFIX = Buffer.from(DETACHED_PREFIX, "latin1");
const TOKEN_LENGTH = DETACHED_PREFIX.length + 36;

/**
 * The document's bytes cut at each token of `named`: text pieces (views of `text`, ASCII-safe for UTF-8 and ISO-8859-1
 * alike, the token being ASCII) and blob pieces. A token of a blob not in `named` stays text. Refused (an Error saying
 * which blob, never any text) when a named blob occurs a different number of times than the content names it.
 */
export function splitAtTokens(text: Uint8Array, named: ReadonlyMap<string, number>): TextPiece[] {
  const buffer = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  const pieces: TextPiece[] = [];
  const seen = new Map<string, number>();
  let from = 0;
  let search = 0;
  for (;;) {
    const at = buffer.indexOf(PREFIX, search);
    if (at === -1) break;
    const id = blobIdOf(buffer.toString("latin1", at, at + TOKEN_LENGTH));
    if (id === undefined || !named.has(id)) {
      search = at + 1;
      continue;
    }
    if (at > from) pieces.push({ bytes: buffer.subarray(from, at) });
    pieces.push({ blobId: id });
    seen.set(id, (seen.get(id) ?? 0) + 1);
    from = search = at + TOKEN_LENGTH;
  }
  if (from < buffer.length) pieces.push({ bytes: buffer.subarray(from) });
  for (const [id, count] of named) {
    if ((seen.get(id) ?? 0) !== count)
      throw new DetachedTokenMismatch(
        `the written document names detached attachment ${id} ${seen.get(id) ?? 0} times, its content ${count}`,
      );
  }
  return pieces;
}
