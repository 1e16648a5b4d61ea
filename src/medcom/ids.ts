// The formats of the identifiers that arrive from outside, checked before an id is used anywhere (a Redis key, a file
// name, a log line, an answer). Linear checks only: every pattern here is a single bounded character class.

/** FHIR R4 `id` (datatypes §2.24.0.1): 1–64 of A–Z, a–z, 0–9, `-` and `.`. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A UUID in its canonical lower-case text form (RFC 9562 §4), any version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isFhirId(value: unknown): value is string {
  return typeof value === "string" && FHIR_ID.test(value);
}

/**
 * A message id (MessageHeader.id, the gateway's key for a message): a lower-case UUID. MedCom's governance asks for
 * UUIDs (DOMAIN.md §1.11, §2.4); the version is not checked because MedCom's own examples carry version-1 UUIDs
 * (ack2-transient-error, cc5-reply-to-oioxml-message).
 */
export function isMessageId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** A conversation (thread) id, Communication.identifier.value: `urn:uuid:` and a lower-case UUID (medcom-uuidv4). */
const THREAD_ID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isThreadId(value: unknown): value is string {
  return typeof value === "string" && THREAD_ID.test(value);
}

/** A location number (GLN): 13 digits. The GS1 check digit is the directory's and the validator's business. */
const GLN = /^[0-9]{13}$/;

export function isGln(value: unknown): value is string {
  return typeof value === "string" && GLN.test(value);
}

const SHOWN_CHARACTERS = 64;

/**
 * An outside value as it may appear in an answer or a log line: at most 64 characters, control and non-ASCII
 * characters escaped (JSON style), longer values cut with their length. Never echoes a long or hostile id in full.
 */
export function shownValue(value: string): string {
  const head = value.length > SHOWN_CHARACTERS ? value.slice(0, SHOWN_CHARACTERS) : value;
  let escaped = "";
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    escaped += code >= 0x20 && code < 0x7f ? head.charAt(i) : `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return value.length > SHOWN_CHARACTERS ? `${escaped}… (${value.length} characters)` : escaped;
}

/**
 * An OIOXML envelope or letter id as the gateway keeps it (LEGACY.md §2.3: String 1..14): 1–14 printable ASCII
 * characters without spaces. The XSD would allow more (any string of that length); an id outside this set is refused
 * before it reaches a key, a log or an answer (issue 11, point 1).
 */
export function isOioId(value: unknown): value is string {
  if (typeof value !== "string" || value.length < 1 || value.length > 14) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}
