// Reading untrusted JSON: strict UTF-8, and no keys that could reach an object's prototype when the value is later
// merged or copied (`__proto__`, `constructor`, `prototype`).
import { error, type Result } from "./issues.js";
import { decodeUtf8 } from "./utf8.js";

const FORBIDDEN_NAMES = ["__proto__", "constructor", "prototype"];
const FORBIDDEN_KEYS = new Set(FORBIDDEN_NAMES);
const FORBIDDEN_LENGTHS = new Set(FORBIDDEN_NAMES.map((name) => name.length));

/** Deep enough for any FHIR message or request; deeper input is refused before parsing (the validator recurses). */
const MAX_JSON_DEPTH = 100;

/**
 * What one pass over JSON text outside its strings finds: whether it nests deeper than `limit` (it stops there), and
 * whether a string in it is spelled as one of the forbidden names. Strings, which hold the bulk of the text
 * (attachments), are skipped natively from quote to quote.
 */
function scanJson(text: string, limit: number): { tooDeep: boolean; namesForbidden: boolean } {
  let depth = 0;
  let namesForbidden = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      // Jump to the closing quote (one not preceded by an odd number of backslashes).
      const start = i + 1;
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end < 0) return { tooDeep: false, namesForbidden }; // unterminated: JSON.parse will say so
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        i = end;
        if (backslashes % 2 === 0) break;
      }
      const length = i - start;
      if (FORBIDDEN_LENGTHS.has(length) && FORBIDDEN_KEYS.has(text.slice(start, i))) namesForbidden = true;
    } else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > limit) return { tooDeep: true, namesForbidden };
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return { tooDeep: false, namesForbidden };
}

export function readJson(input: string | Uint8Array): Result<unknown> {
  const decoded = decodeUtf8(input);
  if (!decoded.ok) return { ok: false, issues: decoded.issues.map((i) => ({ ...i, code: "json-invalid-utf8" })) };
  const text = decoded.value;
  const scanned = scanJson(text, MAX_JSON_DEPTH);
  if (scanned.tooDeep) {
    return { ok: false, issues: [error("json-too-deep", "", `The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`)] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [error("json-syntax", "", `The body is not valid JSON${syntaxReason(err)}.`)] };
  }
  // The keys are checked after parsing, not by a reviver (JSON.parse calling back for every value was 3-4 times the
  // parse of a letter; issue 17, point 3), and only when the text could hold one: a name spelled out as a string
  // (a key is one, and no escape but \u spells a letter), or any \u escape. The names are found by the depth pass,
  // which meets every string anyway: searching the whole text for them took ≈ 0.2 ms of a 200 KB PDF's base64.
  const key = scanned.namesForbidden || text.includes("\\u") ? forbiddenKeyIn(value) : undefined;
  if (key !== undefined) {
    // Our own refusal names the key (one of a fixed few, never patient data).
    return {
      ok: false,
      issues: [error("json-syntax", "", `The body is not valid JSON: the key "${key}" is not allowed.`)],
    };
  }
  return { ok: true, value, issues: [] };
}

/**
 * The first forbidden key in the value, in the order a reviver meets them (a member's own members before its key;
 * members in order). The depth is bounded: the text was checked before it was parsed.
 */
function forbiddenKeyIn(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = forbiddenKeyIn(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    const found = forbiddenKeyIn(member);
    if (found !== undefined) return found;
    if (FORBIDDEN_KEYS.has(key)) return key;
  }
  return undefined;
}

/**
 * JSON.parse's reason without the text it quotes: V8 appends the first characters of the input in double quotes
 * ("Unexpected token 'B', "Bruno Elme"... is not valid JSON"), and those may be a patient's name or CPR (issue 11
 * sweep: no patient data in answers, problem reports or logs). Its own words (and the position) come before the quote.
 */
function syntaxReason(err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  const words = (message.split('"', 1)[0] ?? "").trimEnd().replace(/,$/, "");
  return words === "" ? "" : `: ${words.slice(0, 200)}`;
}
