// The client API's routes (CONTRACT.md §2): messages, mailboxes, acknowledgements, threads and the directory.
import { route } from "./define.js";
import {
  bundle,
  bundleReply,
  FHIR_JSON,
  FHIR_XML,
  GUARDED,
  json,
  jsonOneOf,
  MALFORMED_PARAM,
  OIOXML,
  oioxml,
  problem,
  refusedOrXctl02,
  STORING_503,
} from "./replies.js";
import { ref } from "./shapes/components.js";
import { DOCUMENT_PARAM, GLN_PARAM, ID_PARAM, THREAD_PARAM } from "./shapes/params.js";
import { locationsQuery, mailboxQuery } from "./shapes/queries.js";

export const submitMessage = route({
  method: "post",
  path: "/v1/messages",
  tag: "messages",
  summary: "Submit a message: a compose request, or a ready CareCommunication",
  description:
    "The gateway builds (compose), validates, stores and queues it; 202 only once it is durably stored. The same " +
    "MessageHeader.id again, or the same Idempotency-Key from the same client, answers 200 with the first body.",
  access: "api-key",
  body: { "application/json": ref("ComposeRequest"), [FHIR_XML]: bundle, [FHIR_JSON]: bundle, [OIOXML]: oioxml },
  responses: {
    "202": jsonOneOf(
      ["SubmitAnswer", "WaitingForPartner"],
      "Accepted and queued; or (OIOXML) an XDIS91 with attachments, or an XBIN01, kept until its partner comes (at most 60 minutes).",
    ),
    "200": json("SubmitAnswer", "Submitted before: the first answer, nothing queued."),
    "400": problem("Not XML/JSON, or a malformed Idempotency-Key."),
    "403": problem("This client may not send as the sender (checked before the request is validated)."),
    "409": problem("The id or Idempotency-Key was used for different content."),
    "408": problem("The body arrived too slowly (under 16 KiB/s after a 10 s grace); nothing was changed."),
    "413": problem("Over GATEWAY_MAX_BODY_BYTES."),
    "415": problem("Not application/json, application/fhir+xml, application/fhir+json or application/xml."),
    "422": refusedOrXctl02(
      "Well-formed, but breaks a MedCom rule or a regional rule (report-of-concern: a report of concern about a child goes by the municipality's digital report form), or the receiver is unknown; every issue listed. OIOXML: unreadable (every XSD violation with its path; with Accept: application/xml the XCTL02 itself), or its conversion refused (the sender is also answered with a fatal-error acknowledgement, its XCTL02).",
    ),
    ...GUARDED,
    "503": STORING_503,
  },
});

export const readMessage = route({
  method: "get",
  path: "/v1/messages/{id}",
  tag: "messages",
  summary: "A message's record and events",
  access: "api-key",
  params: ID_PARAM,
  responses: {
    "200": json("MessageRecord", "The record."),
    ...MALFORMED_PARAM,
    "404": problem("No such message."),
    ...GUARDED,
  },
});

export const readContent = route({
  method: "get",
  path: "/v1/messages/{id}/content",
  tag: "messages",
  summary: "The Bundle as stored and delivered (XML by default, JSON by Accept)",
  access: "api-key",
  params: ID_PARAM,
  responses: {
    "200": bundleReply("The Bundle."),
    ...MALFORMED_PARAM,
    "404": problem("No such message, or its content has expired."),
    ...GUARDED,
  },
});

export const listMailbox = route({
  method: "get",
  path: "/v1/mailboxes/{gln}/messages",
  tag: "mailboxes",
  summary: "What the mailbox adapter delivered to a location, oldest first",
  access: "api-key",
  params: GLN_PARAM,
  query: mailboxQuery,
  responses: {
    "200": json("MailboxPage", "A page."),
    "400": problem("A path or query parameter is wrong."),
    "404": problem("No such location."),
    ...GUARDED,
  },
});

export const mailboxMessage = route({
  method: "get",
  path: "/v1/mailboxes/{gln}/messages/{id}",
  tag: "mailboxes",
  summary: "One delivered Bundle, or for a location whose first format is xdis91 its first OIOXML document",
  description:
    "A location whose first format is xdis91 (issue 15) gets the letter's XDIS91 or the acknowledgement's first " +
    "XCTL (application/xml, ISO-8859-1) unless it asks for application/fhir+xml or application/fhir+json; every " +
    "further document (the XBIN01 with the attachments, a second XCTL) is named in a Link header " +
    '(rel="related", title = the document) and fetched from …/documents/{document}. Every fetch repeats the same ' +
    "OIOXML ids. Any other location gets the Bundle as before.",
  access: "api-key",
  params: { ...GLN_PARAM, ...ID_PARAM },
  responses: {
    "200": {
      description: "The Bundle, or the first OIOXML document.",
      content: { [FHIR_XML]: bundle, [FHIR_JSON]: bundle, [OIOXML]: oioxml },
      headers: {
        Link: 'OIOXML only: each further document, e.g. </v1/mailboxes/…/documents/xbin01>; rel="related"; title="xbin01".',
        "X-Gateway-Document": "OIOXML only: which document this is (xdis91, xctl …).",
      },
    },
    ...MALFORMED_PARAM,
    "404": problem("Not in this mailbox."),
    "422": problem("The message cannot be made into the location's OIOXML (not expected: its delivery made it)."),
    ...GUARDED,
  },
});

export const mailboxDocument = route({
  method: "get",
  path: "/v1/mailboxes/{gln}/messages/{id}/documents/{document}",
  tag: "mailboxes",
  summary: "One document of a delivered message: its XDIS91, XBIN01 or XCTL (issue 15), or `fhir`",
  description:
    "The documents a message is delivered as to its location: for a location whose first format is xdis91 the " +
    "letter's `xdis91` and, with attachments, `xbin01`; an acknowledgement's `xctl`, `xctl-2`. For any other " +
    "location the one document `fhir` (its first format). The mailbox list names them per message (`documents`).",
  access: "api-key",
  params: { ...GLN_PARAM, ...ID_PARAM, ...DOCUMENT_PARAM },
  responses: {
    "200": { description: "The document.", content: { [OIOXML]: oioxml, [FHIR_XML]: bundle, [FHIR_JSON]: bundle } },
    ...MALFORMED_PARAM,
    "404": problem("Not in this mailbox, or the message has no such document."),
    "422": problem("The message cannot be made into the location's OIOXML (not expected: its delivery made it)."),
    ...GUARDED,
  },
});

export const acknowledgeReceived = route({
  method: "post",
  path: "/v1/mailboxes/{gln}/messages/{id}/acknowledgement",
  tag: "mailboxes",
  summary: "Acknowledge a delivered message; the gateway builds the MedCom Acknowledgement and routes it to the sender",
  access: "api-key",
  params: { ...GLN_PARAM, ...ID_PARAM },
  body: { "application/json": ref("AcknowledgeRequest") },
  responses: {
    "202": json("AcknowledgementAnswer", "Built, validated and queued for the original sender."),
    "200": json("AcknowledgementAnswer", "The same answer again."),
    "400": problem("A path parameter does not have its format, or the body is not JSON."),
    "404": problem("Not in this mailbox."),
    "409": problem("A different answer to the same send."),
    "413": problem("The body is over 64 KiB."),
    "415": problem("Not application/json."),
    "422": problem(
      "The request breaks a rule (e.g. a negative code without issues, or an acknowledgement of an acknowledgement).",
    ),
    ...GUARDED,
    "503": STORING_503,
  },
});

export const receiveAcknowledgement = route({
  method: "post",
  path: "/v1/acknowledgements",
  tag: "acknowledgements",
  summary: "A ready MedCom Acknowledgement from a receiving system that builds its own",
  access: "api-key",
  body: { [FHIR_XML]: bundle, [FHIR_JSON]: bundle, [OIOXML]: oioxml },
  responses: {
    "202": jsonOneOf(
      ["AcknowledgementAnswer", "ReceiptWaiting"],
      "Correlated (or kept as unmatched: also for a message the caller is no party to) and routed; or (XCTL) the first of a two-document letter's receipts, kept until the other comes.",
    ),
    "200": json("AcknowledgementAnswer", "The same acknowledgement again."),
    "400": problem("Not XML/JSON."),
    "408": problem("The body arrived too slowly; nothing was changed."),
    "409": problem("The id was used for a different acknowledgement."),
    "413": problem("Over GATEWAY_MAX_BODY_BYTES."),
    "404": problem("(XCTL) No letter with the OriginalLetterIdentifier was delivered to the receipting location."),
    "415": problem("Not application/fhir+xml, application/fhir+json or application/xml."),
    "422": refusedOrXctl02("Breaks a MedCom rule; (XCTL) unreadable, with every XSD violation and its path."),
    ...GUARDED,
    "503": STORING_503,
  },
});

export const readThread = route({
  method: "get",
  path: "/v1/threads/{thread}",
  tag: "messages",
  summary: "A conversation in order, with statuses",
  access: "api-key",
  params: THREAD_PARAM,
  responses: {
    "200": json("Thread", "The conversation."),
    ...MALFORMED_PARAM,
    "404": problem("No such conversation for this client."),
    ...GUARDED,
  },
});

export const searchLocations = route({
  method: "get",
  path: "/v1/locations",
  tag: "directory",
  summary: "Search the directory of locations",
  description:
    "Configured and imported locations (issue 16), by name; a page of `limit` (default 100, at most 1000) with `next` " +
    "when more match: pass it as `cursor` for the next page.",
  access: "api-key",
  permission: {
    action: { do: "search-directory" },
    code: "directory-not-yours",
    message: "This client may not search the directory.",
  },
  query: locationsQuery,
  responses: {
    "200": json("Locations", "Matching locations."),
    "400": problem("A query parameter is wrong."),
    ...GUARDED,
  },
});

export const V1_ROUTES = [
  submitMessage,
  readMessage,
  readContent,
  listMailbox,
  mailboxMessage,
  mailboxDocument,
  acknowledgeReceived,
  receiveAcknowledgement,
  readThread,
  searchLocations,
] as const;
