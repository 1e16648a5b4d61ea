// Reading untrusted JSON: strict UTF-8, and no keys that could reach an object's prototype when the value is later
// merged or copied (`__proto__`, `constructor`, `prototype`).
import { error, type Result } from "./issues.js";
import { decodeUtf8 } from "./utf8.js";

const FORBIDDEN_NAMES = ["__proto__", "constructor", "prototype"];
const FORBIDDEN_KEYS = new Set(FORBIDDEN_NAMES);

/** Deep enough for any FHIR message or request; deeper input is refused before parsing (the validator recurses). */
const MAX_JSON_DEPTH = 100;

/** The nesting depth of JSON text, counted in one pass outside strings, stopping once past `limit`. */
function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      // Jump to the closing quote (one not preceded by an odd number of backslashes): strings, which hold the bulk of
      // the text (attachments), are skipped natively.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end < 0) return false; // unterminated: JSON.parse will say so
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        i = end;
        if (backslashes % 2 === 0) break;
      }
    } else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > limit) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}

export function readJson(input: string | Uint8Array): Result<unknown> {
  const decoded = decodeUtf8(input);
  if (!decoded.ok) return { ok: false, issues: decoded.issues.map((i) => ({ ...i, code: "json-invalid-utf8" })) };
  const text = decoded.value;
  if (depthExceeds(text, MAX_JSON_DEPTH)) {
    return { ok: false, issues: [error("json-too-deep", "", `The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`)] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [error("json-syntax", "", `The body is not valid JSON${syntaxReason(err)}.`)] };
  }
  // The keys are checked after parsing, not by a reviver (JSON.parse calling back for every value was 3-4 times the
  // parse of a letter; issue 17, point 3), and only when the text could hold one: a name spelled out, or escaped.
  const key = mayHoldForbiddenKey(text) ? forbiddenKeyIn(value) : undefined;
  if (key !== undefined) {
    // Our own refusal names the key (one of a fixed few, never patient data).
    return {
      ok: false,
      issues: [error("json-syntax", "", `The body is not valid JSON: the key "${key}" is not allowed.`)],
    };
  }
  return { ok: true, value, issues: [] };
}

/** Whether a forbidden key can be in the text: one of the names written out, or any \u escape (which may spell one). */
const mayHoldForbiddenKey = (text: string): boolean =>
  text.includes("\\u") || FORBIDDEN_NAMES.some((name) => text.includes(name));

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
