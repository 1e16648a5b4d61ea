// Checks a compose request and returns ALL its problems at once, each at a JSON pointer (CONTRACT.md §2–3): first
// against its JSON Schema (shape, code lists, conditional requirements; schema.ts), then what a schema cannot say.
import type { DetachedAttachments } from "../detached.js";
import { markProvenBase64 } from "../proven-base64.js";
import { base64Form } from "../validate/primitive-formats.js";
import { isValidCpr, isValidDEcpr, isValidGln, isValidXEcpr, isMedcomUuidUrn } from "../identifiers.js";
import { error, type Issue, type Result } from "../../util/issues.js";
import { bodyCheck, pointerToken } from "../../util/json-schema.js";
import type { ComposeRequest } from "./request.js";
import { COMPOSE_REQUEST_SCHEMA } from "./schema.js";

type Json = Record<string, unknown>;

const schema = bodyCheck<ComposeRequest>(COMPOSE_REQUEST_SCHEMA);

// Base64 (RFC 4648 §4) is checked by the validator's one-pass base64Binary check (white space between characters
// allowed, as FHIR's base64Binary allows it), ONCE per compose request (issue 17, point 3): the attachment built from
// checked data carries the proof to the validator (proven-base64.ts), which does not scan it again.
/** Anything outside XML 1.0's Char production (tab, line breaks, U+0020–U+D7FF, U+E000–U+FFFD, astral code points). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * `detached`: the request's detached attachments (issue 17): an attachment's `data` that is one of their tokens was
 * checked while it streamed in and is valid as it stands; any other token is not base64.
 */
export function parseComposeRequest(input: unknown, detached: DetachedAttachments = new Map()): Result<ComposeRequest> {
  if (!isObject(input)) return { ok: false, issues: [error("type", "", "A compose request is a JSON object.")] };
  const issues: Issue[] = [...schema.check(input).issues, ...beyondTheSchema(input, detached)];
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, value: input as unknown as ComposeRequest, issues: [] };
}

/** The rules the schema cannot express, each run only on values of the right shape (the schema reports the rest). */
function beyondTheSchema(input: Json, detached: DetachedAttachments): Issue[] {
  const issues: Issue[] = [];
  const fail = (code: string, path: string, message: string) => issues.push(error(code, path, message));
  if (input.kind === "new" && input.inReplyTo !== undefined)
    fail("not-allowed", "/inReplyTo", "A new message answers nothing; leave out inReplyTo.");
  for (const key of ["sender", "receiver"] as const) {
    const gln = str(input[key]);
    if (gln !== undefined && /^\d{13}$/.test(gln) && !isValidGln(gln))
      fail("gln", `/${key}`, `${key} must be a 13-digit GLN (lokationsnummer) with a valid GS1 check digit.`);
  }
  const cpr = isObject(input.patient) ? str(input.patient.cpr) : undefined;
  if (cpr !== undefined && cpr.trim() !== "" && !isValidCpr(cpr) && !isValidXEcpr(cpr) && !isValidDEcpr(cpr))
    fail("cpr", "/patient/cpr", "cpr must be a CPR number (10 digits, DDMMYY first) or a replacement CPR.");
  // medcom-careCommunication-5: a priority only on a letter about a referral.
  if (input.priority !== undefined && input.category !== "regarding-referral")
    fail(
      "not-allowed",
      "/priority",
      "priority is only allowed with category regarding-referral (medcom-careCommunication-5).",
    );
  if (Array.isArray(input.attachments) && input.attachments.length <= 100)
    input.attachments.forEach((a: unknown, i) => {
      if (!isObject(a)) return;
      const path = `/attachments/${i}`;
      if ((a.data === undefined) === (a.url === undefined))
        fail("attachment-content", path, "An attachment has either data (base64) or url, not both.");
      const data = str(a.data);
      if (data === undefined || detached.has(data)) return;
      const form = base64Form(data);
      if (form !== undefined) markProvenBase64(a, data, form);
      else fail("base64", `${path}/data`, "data must be base64.");
    });
  for (const key of ["specificSender", "specificRecipient"] as const) {
    const party = input[key];
    if (isObject(party) && "careTeam" in party === "practitioner" in party)
      fail("specific-party", `/${key}`, `${key} names either a careTeam or a practitioner ({ given, family, role }).`);
  }
  const encounter = isObject(input.encounter) ? input.encounter : undefined;
  const episode = str(encounter?.episodeOfCare);
  if (episode !== undefined && encounter?.system === undefined && !isMedcomUuidUrn(episode.toLowerCase()))
    fail(
      "episode-of-care",
      "/encounter/episodeOfCare",
      "An LPR3 episode-of-care identifier is urn:uuid: followed by a UUID (give system for a local identifier).",
    );
  checkCharacters(input, "", fail, new Set(attachmentData(input)));
  return issues;
}

/** The attachments' data: base64 or a token (checked above), so XML can carry it without another scan. */
function attachmentData(input: Json): object[] {
  return Array.isArray(input.attachments) ? input.attachments.filter(isObject) : [];
}

/**
 * Every string must be writable as XML (DOMAIN.md §2.8): no control characters but tab and line breaks. An
 * attachment's `data` is left to its base64 check (base64 and white space are XML characters; anything else already
 * fails there), so a 100 MB attachment is scanned once.
 */
function checkCharacters(
  value: unknown,
  path: string,
  fail: (code: string, path: string, message: string) => void,
  attachments: ReadonlySet<object>,
) {
  if (typeof value === "string") {
    if (NOT_XML_CHAR.test(value))
      fail("character", path, "The text contains a control character that cannot be sent (only tab and line breaks).");
  } else if (Array.isArray(value)) value.forEach((v, i) => checkCharacters(v, `${path}/${i}`, fail, attachments));
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) {
      if (k === "data" && typeof v === "string" && attachments.has(value)) continue;
      checkCharacters(v, `${path}/${pointerToken(k)}`, fail, attachments);
    }
}
