// Checks a compose request and returns ALL its problems at once, each at a JSON pointer (CONTRACT.md §2–3).
import { isValidCpr, isValidDEcpr, isValidGln, isValidXEcpr, isMedcomUuidUrn } from "../identifiers.js";
import { error, type Issue, type Result } from "../issues.js";
import { CATEGORY_CODES, ENCOUNTER_CLASSES, ENCOUNTER_STATUSES, MIME_TYPES } from "./codes.js";
import type { ComposeRequest } from "./request.js";

type Json = Record<string, unknown>;

const TOP_LEVEL = new Set([
  "kind",
  "inReplyTo",
  "sender",
  "receiver",
  "patient",
  "category",
  "topic",
  "priority",
  "text",
  "author",
  "attachments",
  "specificSender",
  "specificRecipient",
  "encounter",
]);
/** Base64 as FHIR base64Binary allows it (padding optional is not allowed; whitespace is). */
// Base64 (RFC 4648 §4): the alphabet, at most two "=" at the end, a multiple of four long. One character class
// instead of grouped quads keeps the check fast on a 100 MB attachment.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (value: string): boolean => value.length % 4 === 0 && BASE64_CHARS.test(value);
const PHONE = /^\+?[0-9][-0-9 ]*$/;
/** FHIR `id` (MessageHeader.id, which inReplyTo names). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** XML 1.0 carries no C0 control but tab, LF and CR, no lone surrogate, no U+FFFE/U+FFFF (DOMAIN.md §2.8). */
/** Anything outside XML 1.0's Char production (tab, line breaks, U+0020–U+D7FF, U+E000–U+FFFD, astral code points). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function isXmlText(value: string): boolean {
  return !NOT_XML_CHAR.test(value);
}

class Checker {
  readonly issues: Issue[] = [];
  fail(code: string, path: string, message: string): void {
    this.issues.push(error(code, path, message));
  }
  string(json: Json, key: string, path: string, required: boolean): string | undefined {
    const value = json[key];
    if (value === undefined) {
      if (required) this.fail("required", `${path}/${key}`, `${key} is required.`);
      return undefined;
    }
    if (typeof value !== "string" || value.trim() === "") {
      this.fail("type", `${path}/${key}`, `${key} must be a non-empty string.`);
      return undefined;
    }
    return value;
  }
  unknownKeys(json: Json, allowed: ReadonlySet<string>, path: string): void {
    for (const key of Object.keys(json)) {
      if (!allowed.has(key))
        this.fail("unknown-key", `${path}/${token(key)}`, `Unknown key "${key}"; allowed: ${[...allowed].join(", ")}.`);
    }
  }
  object(json: Json, key: string, path: string, required: boolean): Json | undefined {
    const value = json[key];
    if (value === undefined) {
      if (required) this.fail("required", `${path}/${key}`, `${key} is required.`);
      return undefined;
    }
    if (!isObject(value)) {
      this.fail("type", `${path}/${key}`, `${key} must be an object.`);
      return undefined;
    }
    return value;
  }
}

/** A key as a JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`). */
const token = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export function parseComposeRequest(input: unknown): Result<ComposeRequest> {
  const c = new Checker();
  if (!isObject(input)) {
    c.fail("type", "", "A compose request is a JSON object.");
    return { ok: false, issues: c.issues };
  }
  c.unknownKeys(input, TOP_LEVEL, "");
  const kind = c.string(input, "kind", "", true);
  if (kind !== undefined && kind !== "new" && kind !== "reply" && kind !== "forward") {
    c.fail("value", "/kind", "kind must be new, reply or forward.");
  }
  const inReplyTo = c.string(input, "inReplyTo", "", kind === "reply" || kind === "forward");
  if (kind === "new" && inReplyTo !== undefined)
    c.fail("not-allowed", "/inReplyTo", "A new message answers nothing; leave out inReplyTo.");
  else if (inReplyTo !== undefined && !FHIR_ID.test(inReplyTo))
    c.fail("message-id", "/inReplyTo", "inReplyTo must be a MessageHeader.id (1–64 letters, digits, '-' or '.').");
  for (const key of ["sender", "receiver"] as const) {
    const gln = c.string(input, key, "", key === "sender" || kind !== "reply");
    if (gln !== undefined && !isValidGln(gln))
      c.fail("gln", `/${key}`, `${key} must be a 13-digit GLN (lokationsnummer) with a valid GS1 check digit.`);
  }
  checkPatient(c, input, kind === "new");
  checkCategory(c, input);
  const text = c.string(input, "text", "", true);
  if (text !== undefined && text.length > 1_000_000)
    c.fail("too-long", "/text", "The text is over 1,000,000 characters; attach long documents instead.");
  checkAuthor(c, input);
  checkAttachments(c, input);
  for (const key of ["specificSender", "specificRecipient"] as const) checkSpecificParty(c, input, key);
  checkEncounter(c, input);
  checkCharacters(c, input);
  return c.issues.length > 0
    ? { ok: false, issues: c.issues }
    : { ok: true, value: input as unknown as ComposeRequest, issues: [] };
}

function checkPatient(c: Checker, input: Json, required: boolean): void {
  const patient = c.object(input, "patient", "", required);
  if (!patient) return;
  c.unknownKeys(patient, new Set(["cpr", "family", "given"]), "/patient");
  const cpr = c.string(patient, "cpr", "/patient", true);
  if (cpr !== undefined && !isValidCpr(cpr) && !isValidXEcpr(cpr) && !isValidDEcpr(cpr)) {
    c.fail("cpr", "/patient/cpr", "cpr must be a CPR number (10 digits, DDMMYY first) or a replacement CPR.");
  }
  c.string(patient, "family", "/patient", true);
  const given = patient.given;
  if (given !== undefined && (!Array.isArray(given) || !given.every((g) => typeof g === "string" && g.trim() !== ""))) {
    c.fail("type", "/patient/given", "given must be a list of non-empty names.");
  } else if (Array.isArray(given) && given.length > MAX_GIVEN_NAMES) {
    c.fail("too-many", "/patient/given", `given holds at most ${MAX_GIVEN_NAMES} names.`);
  }
}

/** Far beyond any real letter, low enough that a hostile list costs nothing (the 100 MB limit bounds the rest). */
const MAX_GIVEN_NAMES = 10;
const MAX_ATTACHMENTS = 100;

function checkCategory(c: Checker, input: Json): void {
  const category = c.string(input, "category", "", true);
  if (category !== undefined && !CATEGORY_CODES.has(category)) {
    c.fail("category", "/category", `category must be one of MedCom's categories: ${[...CATEGORY_CODES].join(", ")}.`);
  }
  const topic = c.string(input, "topic", "", category === "other");
  if (topic !== undefined && topic.length > 200)
    c.fail("too-long", "/topic", "The topic is a short subject line (at most 200 characters).");
  const priority = c.string(input, "priority", "", false);
  if (priority !== undefined) {
    if (category !== "regarding-referral")
      c.fail(
        "not-allowed",
        "/priority",
        "priority is only allowed with category regarding-referral (medcom-careCommunication-5).",
      );
    else if (priority !== "routine" && priority !== "asap")
      c.fail("value", "/priority", "priority must be routine or asap.");
  }
}

function checkAuthor(c: Checker, input: Json): void {
  const author = c.object(input, "author", "", true);
  if (!author) return;
  c.unknownKeys(author, new Set(["given", "family", "role", "phone"]), "/author");
  for (const key of ["given", "family", "role"]) c.string(author, key, "/author", true);
  const phone = c.string(author, "phone", "/author", true);
  if (phone !== undefined && !PHONE.test(phone))
    c.fail("phone", "/author/phone", "phone must be digits, optionally with a leading + and spaces or dashes.");
}

function checkAttachments(c: Checker, input: Json): void {
  const attachments = input.attachments;
  if (attachments === undefined) return;
  if (!Array.isArray(attachments)) {
    c.fail("type", "/attachments", "attachments must be a list.");
    return;
  }
  if (attachments.length > MAX_ATTACHMENTS) {
    c.fail("too-many", "/attachments", `A letter carries at most ${MAX_ATTACHMENTS} attachments.`);
    return;
  }
  attachments.forEach((a: unknown, i) => {
    const path = `/attachments/${i}`;
    if (!isObject(a)) return c.fail("type", path, "An attachment is an object with a title and data or url.");
    c.unknownKeys(a, new Set(["title", "contentType", "data", "url", "creation"]), path);
    c.string(a, "title", path, true);
    const data = c.string(a, "data", path, false);
    const url = c.string(a, "url", path, false);
    const contentType = c.string(a, "contentType", path, data !== undefined);
    if ((data === undefined) === (url === undefined))
      c.fail("attachment-content", path, "An attachment has either data (base64) or url, not both.");
    if (data !== undefined && !isBase64(data.replace(/\s+/g, "")))
      c.fail("base64", `${path}/data`, "data must be base64.");
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url))
      c.fail("url", `${path}/url`, "url must be an http(s) link.");
    if (contentType !== undefined && !MIME_TYPES.has(contentType)) {
      c.fail("content-type", `${path}/contentType`, `contentType must be one of ${[...MIME_TYPES].join(", ")}.`);
    }
  });
}

/** A CareTeam by name, or a practitioner in a role (given, family, role), at the sending or receiving location. */
function checkSpecificParty(c: Checker, input: Json, key: "specificSender" | "specificRecipient"): void {
  const party = c.object(input, key, "", false);
  if (!party) return;
  const path = `/${key}`;
  c.unknownKeys(party, new Set(["careTeam", "practitioner"]), path);
  if ("careTeam" in party === "practitioner" in party) {
    c.fail("specific-party", path, `${key} names either a careTeam or a practitioner ({ given, family, role }).`);
    return;
  }
  if ("careTeam" in party) {
    c.string(party, "careTeam", path, true);
    return;
  }
  const person = c.object(party, "practitioner", path, true);
  if (!person) return;
  c.unknownKeys(person, new Set(["given", "family", "role"]), `${path}/practitioner`);
  for (const name of ["given", "family", "role"]) c.string(person, name, `${path}/practitioner`, true);
}

/** Every string must be writable as XML (DOMAIN.md §2.8): no control characters but tab and line breaks. */
function checkCharacters(c: Checker, value: unknown, path = ""): void {
  if (typeof value === "string") {
    if (!isXmlText(value))
      c.fail(
        "character",
        path,
        "The text contains a control character that cannot be sent (only tab and line breaks).",
      );
  } else if (Array.isArray(value)) value.forEach((v, i) => checkCharacters(c, v, `${path}/${i}`));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) checkCharacters(c, v, `${path}/${token(k)}`);
  }
}

function checkEncounter(c: Checker, input: Json): void {
  const encounter = c.object(input, "encounter", "", false);
  if (!encounter) return;
  c.unknownKeys(encounter, new Set(["episodeOfCare", "system", "class", "status"]), "/encounter");
  const episode = c.string(encounter, "episodeOfCare", "/encounter", true);
  const system = c.string(encounter, "system", "/encounter", false);
  if (episode !== undefined && system === undefined && !isMedcomUuidUrn(episode.toLowerCase())) {
    c.fail(
      "episode-of-care",
      "/encounter/episodeOfCare",
      "An LPR3 episode-of-care identifier is urn:uuid: followed by a UUID (give system for a local identifier).",
    );
  }
  if (system !== undefined && !/^(?:https?:\/\/|urn:)\S+$/.test(system))
    c.fail("episode-of-care", "/encounter/system", "system is a URI, e.g. the sender's SOR endpoint URL.");
  const encounterClass = c.string(encounter, "class", "/encounter", false);
  if (encounterClass !== undefined && !ENCOUNTER_CLASSES?.has(encounterClass)) {
    c.fail(
      "encounter-class",
      "/encounter/class",
      `class must be one of ${ENCOUNTER_CLASSES?.codes.join(", ") ?? "the MedCom encounter classes"}.`,
    );
  }
  const status = c.string(encounter, "status", "/encounter", false);
  if (status !== undefined && !ENCOUNTER_STATUSES.has(status))
    c.fail("encounter-status", "/encounter/status", `status must be one of ${[...ENCOUNTER_STATUSES].join(", ")}.`);
}
