// Checking a delivered large letter without holding it (issue 17, "Done when"): a document is fed a chunk at a time;
// every base64 value after a marker (`<data value="` in FHIR XML, `"data":"` in FHIR JSON, `<Data>` in a VANS
// envelope) is decoded as it passes and hashed, so a test can compare the bytes the receiver got with the attachment
// it sent (SHA-256) while holding only a chunk. A VANS envelope's Data is the payload document itself, base64: its
// decoded bytes go into a second scanner for the FHIR XML inside.
import { createHash, type Hash } from "node:crypto";

export interface DecodedValue {
  size: number;
  sha256: string;
}

/** Base64 text in pieces of any length → the decoded byte count and SHA-256 (white space skipped). */
export class Base64Digest {
  private readonly hash: Hash = createHash("sha256");
  private carry = "";
  private size = 0;

  constructor(private readonly onBytes?: (bytes: Buffer) => void) {}

  push(text: Buffer): void {
    let s = this.carry + text.toString("latin1");
    if (/\s/.test(s)) s = s.replace(/\s/g, "");
    const whole = s.length - (s.length % 4);
    this.carry = s.slice(whole);
    if (whole > 0) this.emit(Buffer.from(s.slice(0, whole), "base64"));
  }

  end(): DecodedValue {
    if (this.carry.length > 0) this.emit(Buffer.from(this.carry, "base64"));
    this.carry = "";
    return { size: this.size, sha256: this.hash.digest("hex") };
  }

  private emit(bytes: Buffer): void {
    this.hash.update(bytes);
    this.size += bytes.length;
    this.onBytes?.(bytes);
  }
}

/**
 * Finds every value that starts after `marker` and ends at the byte `end`, in a document fed a chunk at a time, and
 * decodes each as base64. Values shorter than `minChars` (ids, small inline data) are dropped from `values`.
 */
export class ValueScanner {
  readonly values: DecodedValue[] = [];
  /** The document's byte count so far. */
  bytes = 0;
  private readonly marker: Buffer;
  private tail = Buffer.alloc(0);
  private current: { digest: Base64Digest; chars: number } | undefined;

  constructor(
    marker: string,
    private readonly end: number,
    private readonly minChars = 1024,
    private readonly onBytes?: () => (bytes: Buffer) => void,
  ) {
    this.marker = Buffer.from(marker, "latin1");
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    let rest = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (rest.length > 0) {
      if (this.current) {
        const stop = rest.indexOf(this.end);
        const part = stop === -1 ? rest : rest.subarray(0, stop);
        this.current.digest.push(part);
        this.current.chars += part.length;
        if (stop === -1) return;
        this.close();
        rest = rest.subarray(stop + 1);
        continue;
      }
      // The marker may straddle two chunks: search the last marker-length bytes of the previous one with this one.
      const text = this.tail.length > 0 ? Buffer.concat([this.tail, rest]) : rest;
      const at = text.indexOf(this.marker);
      if (at === -1) {
        this.tail = Buffer.from(text.subarray(Math.max(0, text.length - this.marker.length + 1)));
        return;
      }
      this.tail = Buffer.alloc(0);
      this.current = { digest: new Base64Digest(this.onBytes?.()), chars: 0 };
      rest = text.subarray(at + this.marker.length);
    }
  }

  private close(): void {
    const value = this.current;
    this.current = undefined;
    if (!value) return;
    const decoded = value.digest.end();
    if (value.chars >= this.minChars) this.values.push(decoded);
  }

  /** The values found, once the document has ended (an unterminated value is an error). */
  finish(): DecodedValue[] {
    if (this.current) throw new Error("the document ended inside a base64 value");
    return this.values;
  }
}

/** The large attachment values of a FHIR document (`xml` or `json`, as the gateway writes them). */
export function fhirScanner(format: "xml" | "json"): ValueScanner {
  return format === "xml" ? new ValueScanner('<data value="', 0x22) : new ValueScanner('"data":"', 0x22);
}

/**
 * A VANS envelope's Data decoded as it passes, its bytes scanned as FHIR XML: `inner` holds the attachment values of
 * the payload document, `envelope.values` the payload itself (its size and SHA-256).
 */
export function vansScanner(): { envelope: ValueScanner; inner: ValueScanner } {
  const inner = fhirScanner("xml");
  const envelope = new ValueScanner("<Data>", 0x3c, 1024, () => (bytes) => inner.push(bytes));
  return { envelope, inner };
}

/** Feed a stream (a file, a response body) through a scanner. */
export async function scanStream(stream: AsyncIterable<Uint8Array>, scanner: ValueScanner): Promise<DecodedValue[]> {
  for await (const chunk of stream) scanner.push(chunk);
  return scanner.finish();
}
