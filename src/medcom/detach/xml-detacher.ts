// The FHIR XML detacher (issue 17, point 1; contract in detacher.ts): a byte-level scanner — a state machine over the
// body as it arrives, no regular expression and no parse — that copies the body into the small document except the
// `value` of an Attachment's `<data value="…"/>` when it is longer than the threshold. Such a value is held up to the
// threshold (a short one is written back exactly as it was), then goes, as it streams, into a base64 sink that checks,
// decodes, hashes and stores it; the document gets its token instead.
//
// The scanner knows only as much XML as it takes never to mistake something for that attribute: comments, CDATA
// sections and processing instructions are skipped over (a `<data value=…>` inside one is text, not an element), both
// quote kinds and white space around `=` are read, a namespace prefix is dropped from names. Anything else is copied
// as it stands for the ordinary reader to judge: a DOCTYPE or any other `<!` declaration (which that reader refuses)
// stops all detaching for the rest of the body, so nothing inside a DTD can be mistaken for an element. Inside a
// detached value, a character reference to white space or a base64 character is that character; any other reference
// is refused (the value cannot be base64).
import type { BlobFacts } from "../detached.js";
import { detachedToken } from "../detached.js";
import { Base64StreamError, type Base64Sink } from "./base64-sink.js";
import { BoundedOutput } from "./bounded-output.js";
import { DetachRefusal, type Detached, type Detacher, type DetachOptions } from "./detacher.js";
import { XmlElementPath } from "./xml-element-path.js";

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const AMP = 0x26;
const SEMICOLON = 0x3b;
const DASH = 0x2d;
const RBRACKET = 0x5d;

const enum S {
  Text,
  Lt,
  Bang,
  Comment,
  Cdata,
  Pi,
  /** After a DOCTYPE or another declaration: everything is copied, nothing detached. */
  Passthrough,
  StartName,
  EndTag,
  InTag,
  EmptySlash,
  AttrName,
  AfterAttrName,
  BeforeValue,
  Value,
  DataValue,
  Reference,
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isBase64Char = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2f;
const isNameStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c > 0x7f;

/** An element name is kept this long at most (it names a path; a longer one is no FHIR name anyway). */
const MAX_NAME = 65;
/** `#x10FFFF`, `#1114111`: a longer reference is no character reference. */
const MAX_REFERENCE = 8;
const CDATA_OPEN = "[CDATA[";
const DOCTYPE = "DOCTYPE";

export function createXmlDetacher(options: DetachOptions): Detacher {
  return new XmlDetacher(options);
}

class XmlDetacher implements Detacher {
  private state = S.Text;
  private readonly path = new XmlElementPath();
  private readonly out: BoundedOutput;
  private readonly detached = new Map<string, BlobFacts>();
  private readonly sinks: Base64Sink[] = [];
  private failed: Error | undefined;

  /** The name being read (element, attribute, `<!` keyword or reference), capped. */
  private readonly name = Buffer.alloc(MAX_NAME);
  private nameLength = 0;
  /** Consecutive `-` in a comment, `]` in CDATA; the last byte was `?` in a PI. */
  private run = 0;
  private elementIsData = false;
  private attrIsValue = false;
  private quote = QUOTE;

  /** The data value so far while it is not longer than the threshold, exactly as written. */
  private held = Buffer.alloc(0);
  private heldLength = 0;
  /** The open sink once the value turned out long. */
  private sink: Base64Sink | undefined;

  constructor(private readonly options: DetachOptions) {
    this.out = new BoundedOutput(options.maxDocumentBytes, () => this.path.current());
  }

  async push(chunk: Uint8Array): Promise<void> {
    if (this.failed !== undefined) throw this.failed;
    try {
      await this.scan(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  }

  end(): Promise<Detached> {
    try {
      return Promise.resolve(this.finish());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private finish(): Detached {
    if (this.failed !== undefined) throw this.failed;
    if (this.state === S.DataValue || this.state === S.Reference) {
      if (this.sink !== undefined)
        throw new DetachRefusal(400, "xml-not-well-formed", this.path.current(), "The body ends inside a data value.");
      this.out.write(this.held, 0, this.heldLength);
      if (this.state === S.Reference) this.out.write(Buffer.concat([Buffer.of(AMP), this.name], 1 + this.nameLength));
    }
    return { document: this.out.bytes(), detached: this.detached };
  }

  async abort(): Promise<void> {
    const results = await Promise.allSettled(this.sinks.map((sink) => sink.abort()));
    const failure = results.find((r) => r.status === "rejected");
    if (failure?.status === "rejected") throw failure.reason;
  }

  private async scan(buf: Buffer): Promise<void> {
    // Bytes from `copyFrom` on are copied to the document in one piece at the end of the chunk (or when a data value
    // starts); -1 while a data value is being held or streamed.
    let copyFrom = this.state === S.DataValue || this.state === S.Reference ? -1 : 0;
    // The next quote and `&` in a data value, found once per chunk position (a value full of references would
    // otherwise be searched again and again to its end).
    let quoteAt = -1;
    let ampAt = -1;
    let i = 0;
    while (i < buf.length) {
      const c = buf[i] as number;
      switch (this.state) {
        case S.Text: {
          const lt = buf.indexOf(LT, i);
          if (lt === -1) {
            i = buf.length;
          } else {
            this.state = S.Lt;
            i = lt + 1;
          }
          continue;
        }
        case S.Lt:
          if (c === BANG) {
            this.state = S.Bang;
            this.nameLength = 0;
          } else if (c === QUESTION) {
            this.state = S.Pi;
            this.run = 0;
          } else if (c === SLASH) {
            this.state = S.EndTag;
          } else if (isNameStart(c)) {
            this.state = S.StartName;
            this.nameLength = 0;
            this.keep(c);
          } else {
            this.state = S.Text; // not markup: the reader refuses a bare '<'
            continue;
          }
          i++;
          continue;
        case S.Bang:
          this.keep(c);
          this.state = this.afterBang();
          i++;
          continue;
        case S.Comment:
          if (c === GT && this.run >= 2) this.state = S.Text;
          this.run = c === DASH ? this.run + 1 : 0;
          i++;
          continue;
        case S.Cdata:
          if (c === GT && this.run >= 2) this.state = S.Text;
          this.run = c === RBRACKET ? this.run + 1 : 0;
          i++;
          continue;
        case S.Pi:
          if (c === GT && this.run === 1) this.state = S.Text;
          this.run = c === QUESTION ? 1 : 0;
          i++;
          continue;
        case S.Passthrough:
          i = buf.length;
          continue;
        case S.StartName:
          if (isSpace(c) || c === SLASH || c === GT) {
            this.elementIsData = this.path.open(this.nameText());
            this.state = S.InTag;
            continue; // the tag goes on from here
          }
          this.keep(c);
          i++;
          continue;
        case S.EndTag: {
          const gt = buf.indexOf(GT, i);
          if (gt === -1) {
            i = buf.length;
          } else {
            this.path.close();
            this.state = S.Text;
            i = gt + 1;
          }
          continue;
        }
        case S.InTag:
          if (c === GT) this.state = S.Text;
          else if (c === SLASH) this.state = S.EmptySlash;
          else if (!isSpace(c)) {
            this.state = S.AttrName;
            this.nameLength = 0;
            this.keep(c);
          }
          i++;
          continue;
        case S.EmptySlash:
          if (c === GT) {
            this.path.close();
            this.state = S.Text;
            i++;
          } else {
            this.state = S.InTag; // not well-formed: left to the reader
          }
          continue;
        case S.AttrName:
          if (c === EQUALS || isSpace(c)) {
            this.attrIsValue = this.elementIsData && this.nameIs("value");
            this.state = c === EQUALS ? S.BeforeValue : S.AfterAttrName;
            i++;
          } else if (c === GT || c === SLASH) {
            this.state = S.InTag;
          } else {
            this.keep(c);
            i++;
          }
          continue;
        case S.AfterAttrName:
          if (c === EQUALS) {
            this.state = S.BeforeValue;
            i++;
          } else if (isSpace(c)) i++;
          else this.state = S.InTag;
          continue;
        case S.BeforeValue:
          if (c === QUOTE || c === APOSTROPHE) {
            this.quote = c;
            i++;
            if (this.attrIsValue) {
              // The value is held from here: the document so far, up to its opening quote, is written.
              this.out.write(buf, copyFrom, i);
              copyFrom = -1;
              this.heldLength = 0;
              this.sink = undefined;
              this.state = S.DataValue;
            } else {
              this.state = S.Value;
            }
          } else if (isSpace(c)) i++;
          else this.state = S.InTag;
          continue;
        case S.Value: {
          const end = buf.indexOf(this.quote, i);
          if (end === -1) {
            i = buf.length;
          } else {
            this.state = S.InTag;
            i = end + 1;
          }
          continue;
        }
        case S.DataValue: {
          if (quoteAt < i) quoteAt = indexOrEnd(buf, this.quote, i);
          if (ampAt < i) ampAt = indexOrEnd(buf, AMP, i);
          const stop = Math.min(quoteAt, ampAt);
          if (stop > i) await this.valueBytes(buf.subarray(i, stop));
          i = stop;
          if (i === buf.length) continue;
          if (buf[i] === AMP) {
            this.state = S.Reference;
            this.nameLength = 0;
          } else {
            await this.valueEnd();
            copyFrom = i; // the closing quote is copied with what follows
            this.state = S.InTag;
          }
          i++;
          continue;
        }
        case S.Reference:
          if (c === SEMICOLON) {
            await this.reference();
            this.state = S.DataValue;
            i++;
          } else if (this.nameLength < MAX_REFERENCE && c !== this.quote && c !== AMP && !isSpace(c)) {
            this.keep(c);
            i++;
          } else {
            // Not a reference: a detached value cannot hold it; a held one is kept as written for the reader.
            if (this.sink !== undefined) throw this.notBase64("a '&' that is no character reference");
            await this.valueBytes(Buffer.concat([Buffer.of(AMP), this.name.subarray(0, this.nameLength)]));
            this.state = S.DataValue;
          }
          continue;
      }
    }
    if (copyFrom >= 0) this.out.write(buf, copyFrom, buf.length);
  }

  /** What `<!` plus the keyword so far turns out to be. */
  private afterBang(): S {
    const text = this.nameText();
    if (text === "--") {
      this.run = 0;
      return S.Comment;
    }
    if (text === CDATA_OPEN) {
      this.run = 0;
      return S.Cdata;
    }
    if (text === "-" || CDATA_OPEN.startsWith(text) || DOCTYPE.startsWith(text)) return S.Bang;
    return S.Passthrough; // a DOCTYPE or any other declaration: the reader refuses the document
  }

  private keep(c: number): void {
    if (this.nameLength < MAX_NAME) this.name[this.nameLength++] = c;
  }

  private nameText(): string {
    return this.name.toString("utf8", 0, this.nameLength);
  }

  private nameIs(text: string): boolean {
    return this.nameLength === text.length && this.name.toString("latin1", 0, this.nameLength) === text;
  }

  /** More of a data value as written: held while short, streamed to its sink once long. */
  private async valueBytes(bytes: Uint8Array): Promise<void> {
    if (this.sink === undefined && this.heldLength + bytes.length <= this.options.thresholdChars) {
      this.hold(bytes);
      return;
    }
    if (this.sink === undefined) await this.detach();
    await this.toSink(bytes);
  }

  private hold(bytes: Uint8Array): void {
    const needed = this.heldLength + bytes.length;
    if (needed > this.held.length) {
      const grown = Buffer.alloc(Math.max(needed, Math.min(this.held.length * 2 || 256, this.options.thresholdChars)));
      this.held.copy(grown, 0, 0, this.heldLength);
      this.held = grown;
    }
    this.held.set(bytes, this.heldLength);
    this.heldLength = needed;
  }

  /** The value is long: open its sink and give it what was held, its references resolved. */
  private async detach(): Promise<void> {
    const sink = this.options.open();
    this.sinks.push(sink);
    this.sink = sink;
    const held = this.decodeHeld();
    this.held = Buffer.alloc(0);
    this.heldLength = 0;
    await this.toSink(held);
  }

  /** The held text with its character references replaced by the characters (each one complete: see scan). */
  private decodeHeld(): Uint8Array {
    // Base64 written plainly has no reference: the text is its own decoding, not copied a byte at a time.
    if (this.held.subarray(0, this.heldLength).indexOf(AMP) === -1) return this.held.subarray(0, this.heldLength);
    const out = Buffer.alloc(this.heldLength);
    let n = 0;
    for (let i = 0; i < this.heldLength; i++) {
      const c = this.held[i] as number;
      if (c !== AMP) {
        out[n++] = c;
        continue;
      }
      const semicolon = this.held.indexOf(SEMICOLON, i);
      const end = semicolon === -1 || semicolon >= this.heldLength ? this.heldLength : semicolon;
      const ref = this.held.toString("latin1", i + 1, end);
      const byte = semicolon === end ? referencedByte(ref) : undefined;
      if (byte === undefined) throw this.notBase64(`the reference &${shownRef(ref)};`);
      out[n++] = byte;
      i = end;
    }
    return out.subarray(0, n);
  }

  private async reference(): Promise<void> {
    const ref = this.name.toString("latin1", 0, this.nameLength);
    if (this.sink === undefined) {
      // Held as written while the value is short; the reference that makes it long is decoded like those after it.
      const written = Buffer.from(`&${ref};`, "latin1");
      if (this.heldLength + written.length <= this.options.thresholdChars) return this.hold(written);
      await this.detach();
    }
    const byte = referencedByte(ref);
    if (byte === undefined) throw this.notBase64(`the reference &${shownRef(ref)};`);
    await this.toSink(Buffer.of(byte));
  }

  private async valueEnd(): Promise<void> {
    const sink = this.sink;
    if (sink === undefined) {
      this.out.write(this.held, 0, this.heldLength);
      this.heldLength = 0;
      return;
    }
    this.sink = undefined;
    const facts = await this.sinkStep(() => sink.end());
    const token = detachedToken(facts.id);
    this.detached.set(token, facts);
    this.out.write(Buffer.from(token, "latin1"));
  }

  private toSink(bytes: Uint8Array): Promise<void> {
    const sink = this.sink as Base64Sink;
    return this.sinkStep(() => sink.push(bytes));
  }

  /** A sink's refusal as the body's: what (not base64), where (the data element's path) and why (its reason). */
  private async sinkStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      if (err instanceof Base64StreamError) throw new DetachRefusal(422, "base64", this.path.current(), err.message);
      throw err;
    }
  }

  private notBase64(what: string): DetachRefusal {
    return new DetachRefusal(
      422,
      "base64",
      this.path.current(),
      `base64Binary must be base64 (RFC 4648): ${what} stands for neither a base64 character nor white space.`,
    );
  }
}

function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at === -1 ? buf.length : at;
}

/** The byte a character reference (`#10`, `#x2F`) stands for when it is white space or base64; else undefined. */
function referencedByte(ref: string): number | undefined {
  if (ref.length < 2 || ref.charCodeAt(0) !== 0x23) return undefined; // a named entity (&amp; …) or nothing
  const hex = ref.charCodeAt(1) === 0x78; // only a lower-case x (XML 1.0 §4.1)
  const digits = ref.slice(hex ? 2 : 1);
  if (digits.length === 0) return undefined;
  let code = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digitValue(digits.charCodeAt(i), hex);
    if (d === undefined) return undefined;
    code = code * (hex ? 16 : 10) + d;
  }
  return isSpace(code) || isBase64Char(code) || code === EQUALS ? code : undefined;
}

function digitValue(c: number, hex: boolean): number | undefined {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (!hex) return undefined;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return undefined;
}

/** A reference as shown in a refusal: printable ASCII only, never a client's text at length. */
const shownRef = (ref: string): string => {
  let shown = "";
  for (let i = 0; i < ref.length && i < MAX_REFERENCE; i++) {
    const c = ref.charCodeAt(i);
    shown += c > 0x20 && c < 0x7f ? ref.charAt(i) : "?";
  }
  return shown;
};
