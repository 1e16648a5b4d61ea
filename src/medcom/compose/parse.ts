// Checks a compose request and returns ALL its problems at once, each at a JSON pointer (CONTRACT.md §2–3).
import { isValidCpr, isValidDEcpr, isValidGln, isValidXEcpr, isMedcomUuidUrn } from "../identifiers.js";
import { error, type Issue, type Result } from "../issues.js";
import { CATEGORY_CODES, MIME_TYPES } from "./codes.js";
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
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PHONE = /^\+?[0-9][-0-9 ]*$/;

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
        this.fail("unknown-key", `${path}/${key}`, `Unknown key "${key}"; allowed: ${[...allowed].join(", ")}.`);
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
  for (const key of ["specificSender", "specificRecipient"] as const) {
    const team = c.object(input, key, "", false);
    if (team) {
      c.unknownKeys(team, new Set(["careTeam"]), `/${key}`);
      c.string(team, "careTeam", `/${key}`, true);
    }
  }
  checkEncounter(c, input);
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
  }
}

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
    if (data !== undefined && !BASE64.test(data.replace(/\s+/g, "")))
      c.fail("base64", `${path}/data`, "data must be base64.");
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url))
      c.fail("url", `${path}/url`, "url must be an http(s) link.");
    if (contentType !== undefined && !MIME_TYPES.has(contentType)) {
      c.fail("content-type", `${path}/contentType`, `contentType must be one of ${[...MIME_TYPES].join(", ")}.`);
    }
  });
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
}
