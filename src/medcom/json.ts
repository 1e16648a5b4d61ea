// Reading untrusted JSON: strict UTF-8, and no keys that could reach an object's prototype when the value is later
// merged or copied (`__proto__`, `constructor`, `prototype`).
import { error, type Result } from "./issues.js";
import { decodeUtf8 } from "./xml.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function readJson(input: string | Uint8Array): Result<unknown> {
  const decoded = decodeUtf8(input);
  if (!decoded.ok) return { ok: false, issues: decoded.issues.map((i) => ({ ...i, code: "json-invalid-utf8" })) };
  try {
    const value: unknown = JSON.parse(decoded.value, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`the key "${key}" is not allowed`);
      return v;
    });
    return { ok: true, value, issues: [] };
  } catch (err) {
    const reason = err instanceof Error ? err.message : "unreadable";
    return { ok: false, issues: [error("json-syntax", "", `The body is not valid JSON: ${reason}.`)] };
  }
}
