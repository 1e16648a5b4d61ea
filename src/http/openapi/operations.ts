// Every route of the app, as the API description names it: the path, what it does, who may call it, its parameters
// and body (the very schemas the route checks them with) and its answers. A test holds this table to the app's own
// route table, so a route cannot be added without being described.
import { COMPOSE_REQUEST_SCHEMA } from "../../medcom/compose/schema.js";
import type { JsonSchema, SchemaCheck } from "../../util/json-schema.js";
import { ACKNOWLEDGE_REQUEST_SCHEMA } from "../../usecases/acknowledge/acknowledge-received.js";
import { GLN, MESSAGE_ID } from "../schemas/common.js";
import { THREAD } from "../schemas/params.js";
import { adminMessagesQuery, auditQuery, locationsQuery, mailboxQuery, periodQuery } from "../schemas/queries.js";
import { ref } from "./responses.js";

export type Access = "none" | "api-key" | "admin-key" | "admin-session" | "metrics-token";

export interface Operation {
  method: "get" | "post" | "put";
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  query?: SchemaCheck<unknown>;
  params?: Record<string, JsonSchema>;
  body?: Record<string, JsonSchema>;
  responses: Record<string, Response>;
}

interface Response {
  description: string;
  content?: Record<string, JsonSchema>;
  headers?: Record<string, string>;
}

const FHIR_XML = "application/fhir+xml";
const FHIR_JSON = "application/fhir+json";
const FORM = "application/x-www-form-urlencoded";
const bundle: JsonSchema = { type: "string", description: "A MedCom FHIR Bundle (XML or JSON)." };
const json = (schema: string, description: string): Response => ({
  description,
  content: { "application/json": ref(schema) },
});
const html = (description: string): Response => ({ description, content: { "text/html": { type: "string" } } });
const redirect = (description: string): Response => ({ description, headers: { Location: "Where to go next." } });
const problem = (description: string): Response => ({
  description,
  content: { "application/problem+json": ref("Problem") },
});

/** The answers every route with credentials may give. */
const GUARDED: Record<string, Response> = {
  "401": problem("No or an unknown API key."),
  "403": problem("Not allowed for this client (another location, or the wrong role)."),
  "429": problem(
    "Over the client's requests a minute, or too many failed authentications from the address (Retry-After).",
  ),
  "503": problem(
    "Redis is unavailable, or too many large bodies are being received (Retry-After); nothing was changed.",
  ),
};
/** A request that stores (issue 12, point 1): a 503 either stored nothing, or says the outcome is unknown. */
const STORING_503 = problem(
  "Redis is unavailable (title '…nothing was accepted'), or its answer to the store was lost (issue " +
    "store-outcome-unknown, title '…may not have been accepted: retry with the same Idempotency-Key'): retrying the " +
    "same request (the same Idempotency-Key, Bundle or acknowledgement) is safe and answers with the first result.",
);
const CONSOLE_GUARD: Record<string, Response> = {
  "303": redirect("Not signed in: to /admin/sign-in?next=…"),
};

const id = { id: MESSAGE_ID };
const thread = { thread: THREAD };
/** Every route with path parameters checks them first (issue 11, point 1). */
const MALFORMED_PARAM: Record<string, Response> = { "400": problem("A path parameter does not have its format.") };
const gln = { gln: GLN };

export const OPERATIONS: readonly Operation[] = [
  // Health and operations: open to load balancers and Prometheus.
  {
    method: "get",
    path: "/healthz",
    tag: "operations",
    summary: "Liveness: the process answers",
    access: "none",
    responses: { "200": json("Health", "Alive.") },
  },
  {
    method: "get",
    path: "/readyz",
    tag: "operations",
    summary: "Readiness: Redis reachable, queues not paused, keys loaded, not shutting down",
    access: "none",
    responses: {
      "200": json("Readiness", "Ready."),
      "503": json("Readiness", "Not ready; `failing` names the first failing part."),
    },
  },
  {
    method: "get",
    path: "/metrics",
    tag: "operations",
    summary: "Prometheus metrics",
    description:
      "Needs METRICS_TOKEN as a bearer token; without METRICS_TOKEN configured the gateway does not serve it.",
    access: "metrics-token",
    responses: {
      "200": { description: "Prometheus text format.", content: { "text/plain": { type: "string" } } },
      "401": problem("No or a wrong METRICS_TOKEN."),
      "404": problem("METRICS_TOKEN is not configured."),
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    tag: "operations",
    summary: "This API description (OpenAPI 3.1)",
    access: "none",
    responses: { "200": { description: "The document.", content: { "application/json": { type: "object" } } } },
  },
  {
    method: "get",
    path: "/docs",
    tag: "operations",
    summary: "The API description as a page to read",
    access: "none",
    responses: { "200": html("The page.") },
  },

  // Messages.
  {
    method: "post",
    path: "/v1/messages",
    tag: "messages",
    summary: "Submit a message: a compose request, or a ready CareCommunication",
    description:
      "The gateway builds (compose), validates, stores and queues it; 202 only once it is durably stored. The same " +
      "MessageHeader.id again, or the same Idempotency-Key from the same client, answers 200 with the first body.",
    access: "api-key",
    body: { "application/json": ref("ComposeRequest"), [FHIR_XML]: bundle, [FHIR_JSON]: bundle },
    responses: {
      "202": json("SubmitAnswer", "Accepted and queued."),
      "200": json("SubmitAnswer", "Submitted before: the first answer, nothing queued."),
      "400": problem("Not XML/JSON."),
      "403": problem("This client may not send as the sender (checked before the request is validated)."),
      "409": problem("The id or Idempotency-Key was used for different content."),
      "408": problem("The body arrived too slowly (under 16 KiB/s after a 10 s grace); nothing was changed."),
      "413": problem("Over GATEWAY_MAX_BODY_BYTES."),
      "415": problem("Not application/json, application/fhir+xml or application/fhir+json."),
      "422": problem(
        "Well-formed, but breaks a MedCom rule or a regional rule (report-of-concern: a report of concern about a child goes by the municipality's digital report form), or the receiver is unknown; every issue listed.",
      ),
      ...GUARDED,
      "503": STORING_503,
    },
  },
  {
    method: "get",
    path: "/v1/messages/{id}",
    tag: "messages",
    summary: "A message's record and events",
    access: "api-key",
    params: id,
    responses: {
      "200": json("MessageRecord", "The record."),
      ...MALFORMED_PARAM,
      "404": problem("No such message."),
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/messages/{id}/content",
    tag: "messages",
    summary: "The Bundle as stored and delivered (XML by default, JSON by Accept)",
    access: "api-key",
    params: id,
    responses: {
      "200": { description: "The Bundle.", content: { [FHIR_XML]: bundle, [FHIR_JSON]: bundle } },
      ...MALFORMED_PARAM,
      "404": problem("No such message, or its content has expired."),
      ...GUARDED,
    },
  },

  // Mailboxes (the receiving side).
  {
    method: "get",
    path: "/v1/mailboxes/{gln}/messages",
    tag: "mailboxes",
    summary: "What the mailbox adapter delivered to a location, oldest first",
    access: "api-key",
    params: gln,
    query: mailboxQuery,
    responses: {
      "200": json("MailboxPage", "A page."),
      "400": problem("A path or query parameter is wrong."),
      "404": problem("No such location."),
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/mailboxes/{gln}/messages/{id}",
    tag: "mailboxes",
    summary: "One delivered Bundle",
    access: "api-key",
    params: { ...gln, ...id },
    responses: {
      "200": { description: "The Bundle.", content: { [FHIR_XML]: bundle, [FHIR_JSON]: bundle } },
      ...MALFORMED_PARAM,
      "404": problem("Not in this mailbox."),
      ...GUARDED,
    },
  },
  {
    method: "post",
    path: "/v1/mailboxes/{gln}/messages/{id}/acknowledgement",
    tag: "mailboxes",
    summary:
      "Acknowledge a delivered message; the gateway builds the MedCom Acknowledgement and routes it to the sender",
    access: "api-key",
    params: { ...gln, ...id },
    body: { "application/json": ref("AcknowledgeRequest") },
    responses: {
      "202": json("AcknowledgementAnswer", "Built, validated and queued for the original sender."),
      "200": json("AcknowledgementAnswer", "The same answer again."),
      ...MALFORMED_PARAM,
      "409": problem("A different answer to the same send."),
      "422": problem(
        "The request breaks a rule (e.g. a negative code without issues, or an acknowledgement of an acknowledgement).",
      ),
      ...GUARDED,
      "503": STORING_503,
    },
  },
  {
    method: "post",
    path: "/v1/acknowledgements",
    tag: "acknowledgements",
    summary: "A ready MedCom Acknowledgement from a receiving system that builds its own",
    access: "api-key",
    body: { [FHIR_XML]: bundle, [FHIR_JSON]: bundle },
    responses: {
      "202": json(
        "AcknowledgementAnswer",
        "Correlated (or kept as unmatched: also for a message the caller is no party to) and routed.",
      ),
      "200": json("AcknowledgementAnswer", "The same acknowledgement again."),
      "422": problem("Breaks a MedCom rule."),
      ...GUARDED,
      "503": STORING_503,
    },
  },
  {
    method: "get",
    path: "/v1/threads/{thread}",
    tag: "messages",
    summary: "A conversation in order, with statuses",
    access: "api-key",
    params: thread,
    responses: {
      "200": json("Thread", "The conversation."),
      ...MALFORMED_PARAM,
      "404": problem("No such conversation for this client."),
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/locations",
    tag: "directory",
    summary: "Search the directory of locations",
    access: "api-key",
    query: locationsQuery,
    responses: {
      "200": json("Locations", "Matching locations."),
      "400": problem("A query parameter is wrong."),
      ...GUARDED,
    },
  },

  // Administration (role admin).
  {
    method: "get",
    path: "/v1/admin/overview",
    tag: "admin",
    summary: "Counts per status, backlog per receiver, overdue acknowledgements, the day's failures",
    access: "admin-key",
    responses: { "200": json("Overview", "The overview."), ...GUARDED },
  },
  {
    method: "get",
    path: "/v1/admin/messages",
    tag: "admin",
    summary: "Search message records, newest first",
    access: "admin-key",
    query: adminMessagesQuery,
    responses: { "200": json("MessagePage", "A page."), "400": problem("A query parameter is wrong."), ...GUARDED },
  },
  {
    method: "post",
    path: "/v1/admin/messages/{id}/retry",
    tag: "admin",
    summary: "Send a failed message again (a technical resend: new Bundle.id, same MessageHeader.id)",
    access: "admin-key",
    params: id,
    responses: {
      "202": json("SendAgainAnswer", "Sent again."),
      ...MALFORMED_PARAM,
      "404": problem("No such message, or its content is no longer kept."),
      "409": problem("The message is not failed."),
      ...GUARDED,
    },
  },
  {
    method: "post",
    path: "/v1/admin/messages/{id}/resend",
    tag: "admin",
    summary: "Resend a delivered message still waiting for its acknowledgement",
    access: "admin-key",
    params: id,
    responses: {
      "202": json("SendAgainAnswer", "Resent."),
      ...MALFORMED_PARAM,
      "404": problem("No such message, or its content is no longer kept."),
      "409": problem("Not delivered, already answered, or an acknowledgement."),
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/admin/locations",
    tag: "admin",
    summary: "Every location with its adapter, formats, delivery health and circuit breaker state",
    access: "admin-key",
    responses: {
      "200": {
        description: "The locations.",
        content: {
          "application/json": {
            type: "object",
            properties: { items: { type: "array", items: ref("LocationHealth") } },
            required: ["items"],
          },
        },
      },
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/admin/stats/replies",
    tag: "admin",
    summary: "Reply statistics per receiving location",
    access: "admin-key",
    query: periodQuery,
    responses: {
      "200": json("ReplyStats", "The statistics."),
      "400": problem("A query parameter is wrong."),
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/admin/acknowledgements/unmatched",
    tag: "admin",
    summary: "Acknowledgements for messages the gateway does not know",
    access: "admin-key",
    responses: { "200": json("UnmatchedAcknowledgements", "The list."), ...GUARDED },
  },
  {
    method: "get",
    path: "/v1/admin/audit",
    tag: "admin",
    summary: "The audit trail, newest first, and its verification",
    access: "admin-key",
    query: auditQuery,
    responses: {
      "200": json("Audit", "Entries and the chain's verification."),
      "400": problem("A query parameter is wrong."),
      ...GUARDED,
    },
  },
  {
    method: "get",
    path: "/v1/admin/audit/checkpoints",
    tag: "admin",
    summary: "The audit trail's signed checkpoints kept outside Redis, oldest first (to keep a copy elsewhere)",
    access: "admin-key",
    responses: { "200": json("AuditCheckpoints", "The checkpoints."), ...GUARDED },
  },

  // The administrators' console (HTML pages; a session from signing in with an admin key).
  {
    method: "get",
    path: "/admin",
    tag: "console",
    summary: "Console: overview (refreshes itself)",
    access: "admin-session",
    responses: { "200": html("The page."), ...CONSOLE_GUARD },
  },
  {
    method: "get",
    path: "/admin/sign-in",
    tag: "console",
    summary: "Console: sign-in form",
    access: "none",
    responses: { "200": html("The form.") },
  },
  {
    method: "post",
    path: "/admin/sign-in",
    tag: "console",
    summary: "Console: exchange an admin API key for a session cookie",
    access: "none",
    body: {
      [FORM]: {
        type: "object",
        properties: { apiKey: { type: "string" }, next: { type: "string" } },
        required: ["apiKey"],
      },
    },
    responses: {
      "303": redirect("Signed in: to `next` (a /admin path)."),
      "401": html("Not an administrator's key."),
      "403": problem("Not posted from the console's own page."),
      "429": html("Too many failed attempts from this address."),
    },
  },
  {
    method: "post",
    path: "/admin/sign-out",
    tag: "console",
    summary: "Console: end the session",
    access: "admin-session",
    body: { [FORM]: csrfForm() },
    responses: {
      "303": redirect("To the sign-in page."),
      "403": problem("Missing or wrong CSRF token, or another site."),
    },
  },
  {
    method: "get",
    path: "/admin/messages",
    tag: "console",
    summary: "Console: search messages",
    access: "admin-session",
    query: adminMessagesQuery,
    responses: {
      "200": html("The page."),
      "400": html("The search cannot be used (the page says why)."),
      ...CONSOLE_GUARD,
    },
  },
  {
    method: "get",
    path: "/admin/messages/{id}",
    tag: "console",
    summary: "Console: a message's facts, acknowledgement, actions and timeline",
    access: "admin-session",
    params: id,
    responses: {
      "200": html("The page."),
      "400": html("Not a message id."),
      "404": html("No such message."),
      ...CONSOLE_GUARD,
    },
  },
  ...(["retry", "resend"] as const).flatMap((action): Operation[] => [
    {
      method: "get",
      path: `/admin/messages/{id}/${action}`,
      tag: "console",
      summary: `Console: confirm the ${action}`,
      access: "admin-session",
      params: id,
      responses: { "200": html("The confirmation page."), "400": html("Not a message id."), ...CONSOLE_GUARD },
    },
    {
      method: "post",
      path: `/admin/messages/{id}/${action}`,
      tag: "console",
      summary: `Console: ${action} the message (audited)`,
      access: "admin-session",
      params: id,
      body: { [FORM]: csrfForm() },
      responses: {
        "303": redirect("To the message page."),
        "400": html("Not a message id."),
        "403": problem("Missing or wrong CSRF token, or another site."),
        "409": html("The status does not allow it."),
      },
    },
  ]),
  {
    method: "get",
    path: "/admin/conversations",
    tag: "console",
    summary: "Console: reply statistics per receiving location, with a chart",
    access: "admin-session",
    query: periodQuery,
    responses: { "200": html("The page."), ...CONSOLE_GUARD },
  },
  {
    method: "get",
    path: "/admin/directory",
    tag: "console",
    summary: "Console: locations, adapters, formats and delivery health",
    access: "admin-session",
    responses: { "200": html("The page."), ...CONSOLE_GUARD },
  },
  {
    method: "get",
    path: "/admin/assets/console.css",
    tag: "console",
    summary: "Console: the style sheet",
    access: "none",
    responses: { "200": { description: "CSS.", content: { "text/css": { type: "string" } } } },
  },
  {
    method: "get",
    path: "/admin/queues",
    tag: "console",
    summary: "BullMQ's queue board (@bull-board), read-only, job data redacted",
    description:
      "The board's own pages and JSON below /admin/queues/ belong to @bull-board; only GET and HEAD are let through.",
    access: "admin-session",
    responses: { "200": html("The board."), ...CONSOLE_GUARD },
  },
];

function csrfForm(): JsonSchema {
  return {
    type: "object",
    properties: { csrf: { type: "string", description: "The session's CSRF token (in every console form)." } },
    required: ["csrf"],
  };
}

/** Schemas of request bodies, by component name. */
export const REQUEST_SCHEMAS: Record<string, JsonSchema> = {
  ComposeRequest: COMPOSE_REQUEST_SCHEMA,
  AcknowledgeRequest: ACKNOWLEDGE_REQUEST_SCHEMA,
};
