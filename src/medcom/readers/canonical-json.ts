// The canonical JSON a message's fingerprint hashes (fingerprint.ts, recipe m2): keys sorted, narratives left out,
// the message's own ids replaced by names given in the order they are met. One walk, written straight to text.
/** Ids of this message's parts, named by the order they are met in: the same pattern gives the same names. */
export class Names {
  private readonly names = new Map<string, string>();
  /**
   * The longest id named so far. A longer string (a letter's text, a system URL) is not one, and is not hashed into
   * the Map to find that out: every string of the message is asked about (issue 17, point 3).
   */
  private longest = 0;
  name(id: string): string {
    let name = this.names.get(id);
    if (name === undefined) {
      name = `#${this.names.size}`;
      this.names.set(id, name);
      if (id.length > this.longest) this.longest = id.length;
    }
    return name;
  }
  has(id: string): boolean {
    return id.length <= this.longest && this.names.has(id);
  }
}

const URN_UUID = "urn:uuid:";

/** A string with this message's own ids replaced by their names: as itself, in a reference or a fullUrl. */
function named(value: string, names: Names): string {
  if (names.has(value)) return names.name(value);
  if (value.startsWith(URN_UUID)) return URN_UUID + names.name(value.slice(URN_UUID.length));
  const slash = value.lastIndexOf("/");
  if (slash < 0) return value;
  const tail = value.slice(slash + 1);
  return names.has(tail) ? value.slice(0, slash + 1) + names.name(tail) : value;
}

/**
 * The message as canonical JSON: keys in a stable order (XML and JSON readers need not agree on it), narratives left
 * out, own ids named. Written in one walk, straight to text: the same text as JSON.stringify of the canonical copy
 * (recipe m2; tests/unit/readers/fingerprint-recipe.test.ts), without building the copy first (issue 17, point 3).
 * Grown by `+=` (a rope the hash flattens once): gathering the pieces in a list and joining them cost more.
 */
export function canonicalJson(value: unknown, names: Names): string {
  if (typeof value === "string") return quoted(named(value, names));
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += `${i === 0 ? "" : ","}${v === undefined ? "null" : canonicalJson(v, names)}`;
    }
    return `${out}]`;
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const keys = sortedKeys(value);
  // JavaScript lists an object's integer-like keys first, in numeric order, whatever order they were set in; the
  // recipe's copy was printed so. FHIR has no such keys: a message that has them takes the copy's way.
  if (hasIndexLike(keys)) return JSON.stringify(canonical(value, names));
  let out = "{";
  let first = true;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || (key === "text" && isNarrative(v))) continue;
    const text = canonicalJson(v, names);
    // Setting `__proto__` on the copy set its prototype, which is not printed: left out (its ids still named).
    if (key === "__proto__") continue;
    out += `${first ? "" : ","}${keyAndColon(key)}${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * A string as JSON: quoted as it is when it holds nothing JSON.stringify escapes (nearly every string of a message),
 * else by JSON.stringify itself — the same text, without a call into the serializer per string (issue 17, point 3).
 */
const quoted = (value: string): string => (needsEscape(value) ? JSON.stringify(value) : `"${value}"`);

/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates (as \\uXXXX). */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** Keys written as JSON with their colon, kept: a message's keys are FHIR's few hundred element names. */
const quotedKeys = new Map<string, string>();
function keyAndColon(key: string): string {
  let written = quotedKeys.get(key);
  if (written === undefined) {
    written = `${JSON.stringify(key)}:`;
    if (quotedKeys.size >= 4096) quotedKeys.clear();
    quotedKeys.set(key, written);
  }
  return written;
}

/**
 * The keys in Array.prototype.sort's order (UTF-16 code units; keys are distinct, so any correct sort agrees). A
 * FHIR object has a handful of keys: sorted in place by insertion, ≈ 30 instead of ≈ 100 ns per object (some 150 per
 * text letter, issue 17 point 3); a large object takes the built-in sort, never a quadratic one.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

const isIndexLike = (key: string): boolean => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;

/** Whether a key is integer-like: only one that starts with a digit can be, and FHIR's never do (no regex per key). */
function hasIndexLike(keys: readonly string[]): boolean {
  for (const key of keys) {
    const c = key.charCodeAt(0);
    if (c >= 48 && c <= 57 && isIndexLike(key)) return true;
  }
  return false;
}

/** The canonical copy (recipe m2), for the rare object canonicalJson does not write itself. */
function canonical(value: unknown, names: Names): unknown {
  if (typeof value === "string") return named(value, names);
  if (Array.isArray(value)) return value.map((v) => canonical(v, names));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || (key === "text" && isNarrative(v))) continue;
    out[key] = canonical(v, names);
  }
  return out;
}

function isNarrative(value: unknown): boolean {
  return typeof value === "object" && value !== null && "div" in value;
}
