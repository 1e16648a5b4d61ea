// The compose request (CONTRACT.md §3) as a JSON Schema: its shape, its code lists and its conditional requirements.
// parse.ts checks requests against it (then checks what a schema cannot say: check digits, CPR dates, base64, XML
// characters); /openapi.json publishes it. One source, so the description is what is enforced.
import { objectSchema, type JsonSchema } from "../../util/json-schema.js";
import { LETTER_KINDS } from "../kinds.js";
import { CATEGORY_CODES, ENCOUNTER_CLASSES, ENCOUNTER_STATUSES, MIME_TYPES } from "./codes.js";

/** A location number: 13 digits (the GS1 check digit is checked in code, with the same issue code). */
export const GLN_SCHEMA: JsonSchema = {
  type: "string",
  pattern: "^[0-9]{13}$",
  description: "A location number (GLN, lokationsnummer): 13 digits with a valid GS1 check digit.",
  "x-issues": {
    pattern: { code: "gln", message: "{name} must be a 13-digit GLN (lokationsnummer) with a valid GS1 check digit." },
  },
  examples: ["5790000209354"],
};

/**
 * A MessageHeader.id as the gateway names messages: a lower-case UUID (MedCom's governance asks for UUIDs, DOMAIN.md
 * §2.4; issue 11, point 1: an id that reaches a Redis key or a file name has this one format). Same rule as
 * isMessageId in ../ids.ts.
 */
export const MESSAGE_ID_SCHEMA: JsonSchema = {
  type: "string",
  pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "A MessageHeader.id: a lower-case UUID.",
  "x-issues": {
    pattern: { code: "message-id", message: "{name} must be a MessageHeader.id (a lower-case UUID)." },
  },
  examples: ["6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"],
};

/** A text that says something: not empty, not only blanks. */
const text = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: "string",
  pattern: "\\S",
  description,
  ...extra,
  "x-issues": {
    pattern: { code: "type", message: "{name} must be a non-empty string." },
    ...(extra["x-issues"] as object | undefined),
  },
});

const oneOf = (codes: Iterable<string>, code: string, what: string): JsonSchema => {
  const list = [...codes];
  return {
    type: "string",
    enum: list,
    "x-issues": { enum: { code, message: `{name} must be one of ${what}: ${list.join(", ")}.` } },
  };
};

/** Far beyond any real letter, low enough that a hostile list costs nothing (the body limit bounds the rest). */
const MAX_GIVEN_NAMES = 10;
const MAX_ATTACHMENTS = 100;

const specificParty = (where: string): JsonSchema =>
  objectSchema(
    {
      careTeam: text(`A named team at the ${where} location (a CareTeam).`),
      practitioner: objectSchema(
        {
          given: text("Given name."),
          family: text("Family name."),
          role: text("A MedCom role code (e.g. `psykolog`) or a free-text role."),
        },
        ["given", "family", "role"],
      ),
    },
    [],
    { description: `A specific party at the ${where} location: either a careTeam or a practitioner, not both.` },
  );

export const COMPOSE_REQUEST_SCHEMA: JsonSchema = objectSchema(
  {
    kind: { ...oneOf([...LETTER_KINDS], "value", "the kinds"), description: LETTER_KINDS.join(" | ") },
    inReplyTo: {
      ...MESSAGE_ID_SCHEMA,
      description: "reply / forward: the MessageHeader.id of the message answered or forwarded (not with new).",
    },
    sender: { ...GLN_SCHEMA, description: "The sending location: one of the caller's own locations." },
    receiver: {
      ...GLN_SCHEMA,
      description: "The receiving location; a reply defaults to the answered message's sender.",
    },
    patient: objectSchema(
      {
        cpr: text("CPR number (10 digits, DDMMYY first) or a replacement CPR (x-eCPR, d-eCPR)."),
        family: text("Family name."),
        given: {
          type: "array",
          maxItems: MAX_GIVEN_NAMES,
          items: text("A given name."),
          description: `Given names (at most ${MAX_GIVEN_NAMES}).`,
          "x-issues": { maxItems: { code: "too-many", message: `given holds at most ${MAX_GIVEN_NAMES} names.` } },
        },
      },
      ["cpr", "family"],
      { description: "The patient; may be left out of a reply or forward (the answered message's is used)." },
    ),
    category: {
      ...oneOf(CATEGORY_CODES, "category", "MedCom's categories"),
      description: "A CareCommunication category code.",
    },
    topic: text("A short subject line; required when category is `other`.", {
      maxLength: 200,
      "x-issues": {
        maxLength: { code: "too-long", message: "The topic is a short subject line (at most 200 characters)." },
      },
    }),
    priority: {
      ...oneOf(["routine", "asap"], "value", "the priorities"),
      description: "Only with category `regarding-referral` (medcom-careCommunication-5).",
    },
    text: text("The new text segment; line breaks allowed.", {
      maxLength: 1_000_000,
      "x-issues": {
        maxLength: {
          code: "too-long",
          message: "The text is over 1,000,000 characters; attach long documents instead.",
        },
      },
    }),
    author: objectSchema(
      {
        given: text("Given name."),
        family: text("Family name."),
        role: text("A MedCom role code (e.g. `psykolog`) or a free-text role."),
        phone: text("Telephone number.", {
          pattern: "^\\+?[0-9][-0-9 ]*$",
          "x-issues": {
            pattern: {
              code: "phone",
              message: "phone must be digits, optionally with a leading + and spaces or dashes.",
            },
          },
        }),
      },
      ["given", "family", "role", "phone"],
      { description: "Who wrote the text." },
    ),
    attachments: {
      type: "array",
      maxItems: MAX_ATTACHMENTS,
      description: "Documents (base64 `data`) or links (`url`); each has one of the two.",
      "x-issues": {
        maxItems: { code: "too-many", message: `A letter carries at most ${MAX_ATTACHMENTS} attachments.` },
      },
      items: objectSchema(
        {
          title: text("The attachment's title."),
          contentType: oneOf(MIME_TYPES, "content-type", "the MIME types receivers accept"),
          data: { type: "string", contentEncoding: "base64", description: "The document, base64." },
          url: text("An http(s) link.", {
            pattern: "^https?://\\S+$",
            "x-issues": { pattern: { code: "url", message: "url must be an http(s) link." } },
          }),
          creation: text("When the document was made (FHIR dateTime)."),
        },
        ["title"],
        { dependentRequired: { data: ["contentType"] } },
      ),
    },
    specificSender: specificParty("sending"),
    specificRecipient: specificParty("receiving"),
    encounter: objectSchema(
      {
        episodeOfCare: text("The episode of care: LPR3 `urn:uuid:…` unless system is given."),
        system: text("The identifier's system (a URI) for a local episode identifier.", {
          pattern: "^(?:https?://|urn:)\\S+$",
          "x-issues": {
            pattern: { code: "episode-of-care", message: "system is a URI, e.g. the sender's SOR endpoint URL." },
          },
        }),
        class: oneOf(ENCOUNTER_CLASSES?.codes ?? [], "encounter-class", "the MedCom encounter classes"),
        status: oneOf(ENCOUNTER_STATUSES, "encounter-status", "the Encounter statuses"),
      },
      ["episodeOfCare"],
      { description: "An episode of care (DOMAIN.md §1.8); a reply returns a received one." },
    ),
  },
  ["kind", "sender", "category", "text", "author"],
  {
    title: "Compose request",
    description: "What a journal system posts to have the gateway build a CareCommunication (CONTRACT.md §3).",
    // The conditional requirements: a reply or forward names what it answers, a new letter names its patient, only
    // a reply may leave out its receiver, and category `other` needs a topic (medcom-careCommunication-6).
    allOf: [
      {
        if: { properties: { kind: { enum: ["reply", "forward"] } }, required: ["kind"] },
        then: { required: ["inReplyTo"] },
      },
      { if: { properties: { kind: { const: "new" } }, required: ["kind"] }, then: { required: ["patient"] } },
      { if: { properties: { kind: { const: "reply" } }, required: ["kind"] }, else: { required: ["receiver"] } },
      { if: { properties: { category: { const: "other" } }, required: ["category"] }, then: { required: ["topic"] } },
    ],
  },
);
