// A letter's FHIR JSON with its attachments' base64 put in as it is (issue 17, point 3): JSON.stringify searches every
// character of a string for one to escape and copies it, 273 KB for a 200 KB PDF. Base64 the compose check proved
// compact (proven-base64.ts: only A-Z, a-z, 0-9, +, / and =) needs no escaping, so the letter is written with a
// marker in its place and the data joined in where the marker stands: the same text as writeFhirJson, without the
// search, and without a copy (the join is a rope; the one flat copy is made when the text is encoded).
import { randomUUID } from "node:crypto";
import { isCompactBase64 } from "../proven-base64.js";
import { writeFhirJson } from "./index.js";
import type { Bundle, BundleEntry, Communication } from "../model/index.js";

/**
 * Exactly writeFhirJson(bundle)'s text (JSON.stringify), and its UTF-8 byte count. The joined base64 is ASCII, a byte
 * a character: only the rest of the text is counted, not the 273 KB of a 200 KB PDF again.
 */
export function measuredLetterJson(bundle: Bundle): { json: string; bytes: number } {
  const spliced: string[] = [];
  // A marker nobody can have written: a fresh random id; and a marker found other than once is not trusted.
  const marker = `${randomUUID()}-`;
  const skeleton = withMarkers(bundle, marker, spliced);
  if (spliced.length === 0) return whole(bundle);
  const text = writeFhirJson(skeleton);
  let json = "";
  let bytes = Buffer.byteLength(text, "utf8");
  let from = 0;
  for (const [index, data] of spliced.entries()) {
    const quoted = `"${marker}${index}"`;
    const at = text.indexOf(quoted, from);
    if (at < 0 || text.indexOf(quoted, at + quoted.length) >= 0) return whole(bundle);
    json += `${text.slice(from, at)}"${data}"`;
    bytes += data.length + 2 - quoted.length;
    from = at + quoted.length;
  }
  return { json: json + text.slice(from), bytes };
}

function whole(bundle: Bundle): { json: string; bytes: number } {
  const json = writeFhirJson(bundle);
  return { json, bytes: Buffer.byteLength(json, "utf8") };
}

/**
 * The Bundle with each compact proved attachment data replaced by `marker` and its number (collected in `spliced`),
 * sharing everything else with the original, which is not changed. Only Communications' payloads are looked at: the
 * builder puts attachments nowhere else.
 */
function withMarkers(bundle: Bundle, marker: string, spliced: string[]): Bundle {
  if (!Array.isArray(bundle.entry)) return bundle;
  const entry = bundle.entry.map((e): BundleEntry => {
    const c = e.resource as Communication | undefined;
    if (c?.resourceType !== "Communication" || !Array.isArray(c.payload)) return e;
    let changed = false;
    const payload = c.payload.map((p) => {
      const a = p.contentAttachment;
      if (!a || !isCompactBase64(a, a.data)) return p;
      changed = true;
      const data = `${marker}${spliced.length}`;
      spliced.push(a.data as string);
      return { ...p, contentAttachment: { ...a, data } };
    });
    return changed ? { ...e, resource: { ...c, payload } } : e;
  });
  return spliced.length === 0 ? bundle : { ...bundle, entry };
}
