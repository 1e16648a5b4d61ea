// The streaming JSON detacher (issue 17, point 1; detacher.ts has the contract): FHIR JSON and compose requests are
// read a byte at a time by a small state machine — no regex, no parse tree — and copied into the document, except
// the string value of a member named `data` (at any depth: a compose request's `/attachments/n/data`, a Bundle's
// `…/contentAttachment/data`) once it is longer than the threshold: its text then goes, unescaped, into a base64 sink
// (checked, decoded, hashed and written to a blob while it streams) and the document gets its token instead. A
// shorter value stays in the document as it was. The document is parsed by the ordinary reader afterwards, which
// judges everything this machine lets through (literals, escapes in other strings, UTF-8); this machine only has to
// know, for certain, where each string begins and ends, which member it belongs to, and how deep it is.
import { pointerToken } from "../../util/json-schema.js";
import { detachedToken } from "../detached.js";
import { Base64StreamError, type Base64Sink } from "./base64-sink.js";
import { DetachRefusal, type Detached, type Detacher, type DetachOptions } from "./detacher.js";

/** Deeper nesting is refused while streaming (the document's own reader allows less still). */
export const MAX_JSON_DETACH_DEPTH = 256;
/** A longer member name is refused: no FHIR element or compose request member comes near. */
export const MAX_JSON_KEY_BYTES = 1024;
const MAX_KEY_BYTES = MAX_JSON_KEY_BYTES;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TEXT = new TextEncoder();
const ESCAPES = "an escape other than \\/, \\n, \\r, \\t, or \\u of a base64 character or white space.";
const KEY_TEXT = new TextDecoder();

type Frame = { kind: "object"; key: string | undefined } | { kind: "array"; index: number };

const enum State {
  /** Before the top-level value (a BOM may come first). */
  Start,
  /** A value is expected (after `:`, at the top, or after `,` in an array). */
  Value,
  /** Just after `[`: a value or `]`. */
  ArrayFirst,
  /** Just after `{`: a key or `}`. */
  ObjectFirst,
  /** After `,` in an object: a key. */
  Key,
  /** After a key: `:`. */
  Colon,
  /** After a value: `,`, a closing bracket, or (at the top) the end. */
  After,
  /** Inside a key. */
  KeyString,
  /** Inside a string value that stays in the document. */
  ValueString,
  /** Inside a `data` value, held back until it proves longer than the threshold. */
  DataHeld,
  /** Inside a `data` value that goes to a sink. */
  DataSink,
  /** Inside a number, `true`, `false` or `null` (checked by the document's reader). */
  Literal,
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** A byte that may continue a literal: anything but white space, structure and quotes (the reader judges the rest). */
const isLiteral = (c: number): boolean =>
  !isSpace(c) && c !== 0x2c && c !== 0x3a && c !== 0x5b && c !== 0x5d && c !== 0x7b && c !== 0x7d && c !== QUOTE;

const isBase64Char = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** A growing byte buffer that refuses to pass `max` bytes. */
class Document {
  private bytes = new Uint8Array(4096);
  length = 0;
  constructor(private readonly max: number) {}

  /** False when the bytes would make the document larger than its maximum. */
  append(source: Uint8Array, start = 0, end = source.length): boolean {
    const n = end - start;
    if (n <= 0) return true;
    if (this.length + n > this.max) return false;
    if (this.length + n > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < this.length + n) size *= 2;
      const grown = new Uint8Array(Math.min(size, Math.max(this.max, this.length + n)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(source.subarray(start, end), this.length);
    this.length += n;
    return true;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/**
 * Unescapes a detached value's text on its way to the sink: `\/` is `/`, `\n` `\r` `\t` are the white space base64
 * allows between characters, `\uXXXX` may spell a base64 character or that white space; any other escape cannot be
 * part of base64 text. Its state carries over between pieces, so an escape may be split anywhere.
 */
class Unescaper {
  /** 0: plain text; 1: after `\`; 2–5: reading the 4 hex digits of `\u`. */
  private escape = 0;
  private code = 0;

  /** The bytes of `source[start, end)` unescaped into `out` from `at`; returns the new end in `out`, or -1 if refused. */
  decode(source: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
    let n = at;
    for (let i = start; i < end; i++) {
      const c = source[i] as number;
      if (this.escape === 0) {
        if (c === BACKSLASH) this.escape = 1;
        else out[n++] = c;
      } else if (this.escape === 1) {
        if (c === 0x75) {
          this.escape = 2;
          this.code = 0;
          continue;
        }
        const plain = c === 0x2f ? 0x2f : c === 0x6e ? 0x0a : c === 0x72 ? 0x0d : c === 0x74 ? 0x09 : -1;
        if (plain < 0) return -1;
        out[n++] = plain;
        this.escape = 0;
      } else {
        const digit = hexValue(c);
        if (digit < 0) return -1;
        this.code = this.code * 16 + digit;
        if (this.escape < 5) {
          this.escape++;
          continue;
        }
        if (!isBase64Char(this.code) && !isSpace(this.code)) return -1;
        out[n++] = this.code;
        this.escape = 0;
      }
    }
    return n;
  }

  /** True when the value may end here (no escape left open). */
  get settled(): boolean {
    return this.escape === 0;
  }
}

export function createJsonDetacher(options: DetachOptions): Detacher {
  const { thresholdChars, maxDocumentBytes } = options;
  const document = new Document(maxDocumentBytes);
  const detached: Detached["detached"] = new Map();
  const opened: Base64Sink[] = [];
  const stack: Frame[] = [];
  let state = State.Start;
  /** Bytes of a possible BOM seen so far at the very start. */
  let bomSeen = 0;
  /** Inside a string: the previous byte was an unpaired backslash (the next one cannot end the string). */
  let escaped = false;
  /** The raw bytes of the key being read (member names of FHIR and compose requests are short). */
  const key = new Uint8Array(MAX_KEY_BYTES);
  let keyLength = 0;
  /** A `data` value held back: its raw text so far (without the quotes). */
  let held = new Uint8Array(0);
  let heldLength = 0;
  let sink: Base64Sink | undefined;
  let unescaper = new Unescaper();
  /** Set by a refusal or an error: the body is not read any further. */
  let failed: Error | undefined;

  const pointer = (): string =>
    stack
      .map((f) => (f.kind === "array" ? `/${f.index}` : f.key === undefined ? "" : `/${pointerToken(f.key)}`))
      .join("");
  const malformed = (why: string): DetachRefusal =>
    new DetachRefusal(400, "json", pointer(), `The body is not valid JSON: ${why}.`);
  const tooLarge = (): DetachRefusal =>
    new DetachRefusal(
      413,
      "document-too-large",
      pointer(),
      `Without its attachment data the document is larger than ${maxDocumentBytes} bytes; only attachment data may be large.`,
    );
  const notBase64 = (why: string): DetachRefusal =>
    new DetachRefusal(422, "base64", pointer(), `Attachment data must be base64 (FHIR base64Binary): ${why}`);
  const emit = (source: Uint8Array, start?: number, end?: number): void => {
    if (!document.append(source, start, end)) throw tooLarge();
  };

  /** A value just ended (the enclosing array counts its index on the `,` that follows). */
  const valueDone = (): void => {
    state = State.After;
  };
  const isDataMember = (): boolean => {
    const top = stack[stack.length - 1];
    return top?.kind === "object" && top.key === "data";
  };
  const open = (kind: Frame["kind"]): void => {
    if (stack.length >= MAX_JSON_DETACH_DEPTH) throw malformed(`it nests deeper than ${MAX_JSON_DETACH_DEPTH} levels`);
    stack.push(kind === "object" ? { kind, key: undefined } : { kind, index: 0 });
  };

  const sinkError = (err: unknown): unknown =>
    err instanceof Base64StreamError
      ? new DetachRefusal(
          422,
          "base64",
          pointer(),
          err.message.includes(`offset ${err.offset}`) ? err.message : `${err.message} (offset ${err.offset})`,
        )
      : err;

  /** Push unescaped text to the sink, awaiting it (back-pressure). */
  const toSink = async (text: Uint8Array): Promise<void> => {
    if (text.length === 0 || !sink) return;
    await sink.push(text).catch((err: unknown) => {
      throw sinkError(err);
    });
  };

  /** The held-back value proved long: open a sink and send it what was held. */
  const startSink = async (): Promise<void> => {
    sink = options.open();
    opened.push(sink);
    unescaper = new Unescaper();
    const text = held.subarray(0, heldLength);
    // Text without a backslash is its own unescaping: handed over as it is, not read a byte at a time.
    let out = text;
    if (text.indexOf(BACKSLASH) >= 0) {
      out = new Uint8Array(heldLength);
      const n = unescaper.decode(held, 0, heldLength, out, 0);
      if (n < 0) throw notBase64(ESCAPES);
      out = out.subarray(0, n);
    }
    held = new Uint8Array(0);
    heldLength = 0;
    state = State.DataSink;
    await toSink(out);
  };

  const hold = (chunk: Uint8Array, start: number, end: number): void => {
    const n = end - start;
    if (heldLength + n > held.length) {
      const grown = new Uint8Array(Math.max(heldLength + n, Math.min(held.length * 2 || 1024, thresholdChars + 1)));
      grown.set(held.subarray(0, heldLength));
      held = grown;
    }
    held.set(chunk.subarray(start, end), heldLength);
    heldLength += n;
  };

  /** The end of a key: its decoded text names the member (JSON.parse of one bounded string literal decodes it). */
  const endKey = (): void => {
    let name: unknown;
    try {
      name = JSON.parse(`"${KEY_TEXT.decode(key.subarray(0, keyLength))}"`);
    } catch {
      throw malformed("a member name is not a valid string");
    }
    keyLength = 0;
    const top = stack[stack.length - 1];
    if (top?.kind === "object") top.key = name as string;
    state = State.Colon;
  };

  /** One chunk through the machine. Bytes that go to the document unchanged are copied in runs. */
  const feed = async (chunk: Uint8Array): Promise<void> => {
    let run = 0; // start of the pending run of bytes copied as they are
    let i = 0;
    while (i < chunk.length) {
      const c = chunk[i] as number;
      // Checked at every byte the document gets, so the refusal names where it grew too large.
      if (document.length + (i - run) >= maxDocumentBytes && state !== State.DataHeld && state !== State.DataSink)
        throw tooLarge();
      switch (state) {
        case State.Start:
          // A UTF-8 BOM (EF BB BF) is tolerated and dropped; anything else starts the value.
          if (bomSeen < 3 && c === [0xef, 0xbb, 0xbf][bomSeen]) {
            bomSeen++;
            i++;
            run = i;
            continue;
          }
          if (bomSeen > 0 && bomSeen < 3) throw malformed("it starts with a broken byte order mark");
          state = State.Value;
          continue;
        case State.Value:
        case State.ArrayFirst:
          if (isSpace(c)) break;
          if (state === State.ArrayFirst && c === 0x5d) {
            stack.pop();
            valueDone();
            break;
          }
          if (c === 0x7b) {
            open("object");
            state = State.ObjectFirst;
          } else if (c === 0x5b) {
            open("array");
            state = State.ArrayFirst;
          } else if (c === QUOTE) {
            escaped = false;
            if (isDataMember()) {
              // Held back, quote and all, until it is known to be long or short.
              emit(chunk, run, i);
              heldLength = 0;
              state = State.DataHeld;
              i++;
              run = i;
              continue;
            }
            state = State.ValueString;
          } else if (isLiteral(c)) state = State.Literal;
          else throw malformed(`a value was expected, found '${String.fromCharCode(c)}'`);
          break;
        case State.ObjectFirst:
        case State.Key:
          if (isSpace(c)) break;
          if (state === State.ObjectFirst && c === 0x7d) {
            stack.pop();
            valueDone();
          } else if (c === QUOTE) {
            escaped = false;
            keyLength = 0;
            state = State.KeyString;
          } else throw malformed("a member name was expected");
          break;
        case State.KeyString:
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            endKey();
            break;
          }
          if (keyLength === MAX_KEY_BYTES) throw malformed(`a member name is longer than ${MAX_KEY_BYTES} bytes`);
          key[keyLength++] = c;
          break;
        case State.Colon:
          if (isSpace(c)) break;
          if (c !== 0x3a) throw malformed("':' was expected after a member name");
          state = State.Value;
          break;
        case State.ValueString:
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) valueDone();
          break;
        case State.Literal:
          if (isLiteral(c)) break;
          valueDone();
          continue; // the byte that ended it is read again as what follows a value
        case State.After: {
          if (isSpace(c)) break;
          const top = stack[stack.length - 1];
          if (!top) throw malformed("there is more after the value");
          if (c === 0x2c) {
            if (top.kind === "array") {
              top.index++;
              state = State.Value;
            } else {
              top.key = undefined;
              state = State.Key;
            }
          } else if ((c === 0x5d && top.kind === "array") || (c === 0x7d && top.kind === "object")) {
            stack.pop();
            valueDone();
          } else throw malformed("',' or a closing bracket was expected");
          break;
        }
        case State.DataHeld: {
          // Up to the closing quote, or until the value proves longer than the threshold (`limit`). Base64 holds no
          // backslash, so without one in the way the end is found natively, and only text with escapes is read a
          // byte at a time (issue 17, point 3). Both searches stop at the value's end: searching on to the chunk's
          // end for each of many short values was quadratic (40,000 in 640 KB: 0.4 s).
          const limit = Math.min(chunk.length, i + thresholdChars - heldLength + 1);
          let j = i;
          let closed = -1;
          const ahead = chunk.subarray(i, limit);
          const quoteAt = escaped ? -1 : ahead.indexOf(QUOTE);
          const plainUntil = quoteAt >= 0 ? i + quoteAt : limit;
          if (!escaped && chunk.subarray(i, plainUntil).indexOf(BACKSLASH) < 0) {
            j = plainUntil;
            if (quoteAt >= 0) closed = plainUntil;
          } else
            for (; j < chunk.length && heldLength + (j - i) <= thresholdChars; j++) {
              const d = chunk[j] as number;
              if (escaped) escaped = false;
              else if (d === BACKSLASH) escaped = true;
              else if (d === QUOTE) {
                closed = j;
                break;
              }
            }
          if (closed >= 0) {
            // Short: the value goes into the document as it was.
            emit(TEXT.encode('"'));
            emit(held, 0, heldLength);
            emit(chunk, i, closed + 1);
            heldLength = 0;
            held = new Uint8Array(0);
            valueDone();
            i = closed + 1;
            run = i;
            continue;
          }
          hold(chunk, i, j);
          i = j;
          run = i;
          if (heldLength > thresholdChars) await startSink();
          continue;
        }
        case State.DataSink: {
          // Base64 text never holds a quote, so the first one ends the value (inside an escape, it is refused).
          const quote = chunk.indexOf(QUOTE, i);
          const end = quote < 0 ? chunk.length : quote;
          const plain = unescaper.settled && chunk.subarray(i, end).indexOf(BACKSLASH) < 0;
          if (plain) await toSink(chunk.subarray(i, end));
          else {
            const out = new Uint8Array(end - i);
            const n = unescaper.decode(chunk, i, end, out, 0);
            if (n < 0) throw notBase64(ESCAPES);
            await toSink(out.subarray(0, n));
          }
          if (quote < 0) {
            i = end;
            run = i;
            continue;
          }
          if (!unescaper.settled) throw notBase64(ESCAPES);
          const facts = await (sink as Base64Sink).end().catch((err: unknown) => {
            throw sinkError(err);
          });
          sink = undefined;
          const token = detachedToken(facts.id);
          detached.set(token, facts);
          emit(TEXT.encode(`"${token}"`));
          valueDone();
          i = end + 1;
          run = i;
          continue;
        }
      }
      i++;
    }
    emit(chunk, run, chunk.length);
  };

  return {
    async push(chunk) {
      if (failed !== undefined) throw failed;
      try {
        await feed(chunk);
      } catch (err) {
        failed = err instanceof Error ? err : new Error(String(err));
        throw failed;
      }
    },
    end() {
      if (failed !== undefined) return Promise.reject(failed);
      if (state === State.Literal) valueDone();
      if (state !== State.After || stack.length > 0) {
        failed = malformed(state === State.Start || bomSeen === 3 ? "it is empty or cut short" : "it is cut short");
        return Promise.reject(failed);
      }
      return Promise.resolve({ document: document.result(), detached });
    },
    async abort() {
      failed ??= new Error("the detacher was aborted");
      await Promise.allSettled(opened.map((s) => s.abort()));
    },
  };
}
