// The administration API's routes (role admin, CONTRACT.md §2).
import { route } from "./define.js";
import { GUARDED, json, MALFORMED_PARAM, problem } from "./replies.js";
import { ref } from "./shapes/components.js";
import { ID_PARAM } from "./shapes/params.js";
import { adminMessagesQuery, auditQuery, locationsQuery, periodQuery } from "./shapes/queries.js";

export const adminOverview = route({
  method: "get",
  path: "/v1/admin/overview",
  tag: "admin",
  summary: "Counts per status, backlog per receiver, overdue acknowledgements, the day's failures",
  access: "admin-key",
  responses: { "200": json("Overview", "The overview."), ...GUARDED },
});

export const adminSearch = route({
  method: "get",
  path: "/v1/admin/messages",
  tag: "admin",
  summary: "Search message records, newest first",
  access: "admin-key",
  query: adminMessagesQuery,
  responses: { "200": json("MessagePage", "A page."), "400": problem("A query parameter is wrong."), ...GUARDED },
});

const sendAgain = (action: "retry" | "resend", summary: string, done: string, conflict: string) =>
  route({
    method: "post",
    path: `/v1/admin/messages/{id}/${action}`,
    tag: "admin",
    summary,
    access: "admin-key",
    params: ID_PARAM,
    responses: {
      "202": json("SendAgainAnswer", done),
      ...MALFORMED_PARAM,
      "404": problem("No such message, or its content is no longer kept."),
      "409": problem(conflict),
      ...GUARDED,
    },
  });

export const adminRetry = sendAgain(
  "retry",
  "Send a failed message again (a technical resend: new Bundle.id, same MessageHeader.id)",
  "Sent again.",
  "The message is not failed.",
);

export const adminResend = sendAgain(
  "resend",
  "Resend a delivered message still waiting for its acknowledgement",
  "Resent.",
  "Not delivered, already answered, or an acknowledgement.",
);

export const adminLocations = route({
  method: "get",
  path: "/v1/admin/locations",
  tag: "admin",
  summary: "The locations with their adapter, formats, delivery health and circuit breaker state, a page at a time",
  description:
    "Searched and paged as /v1/locations (an import brings thousands: `limit` default 100, at most 1000; `next`).",
  access: "admin-key",
  query: locationsQuery,
  responses: {
    "200": {
      description: "The locations.",
      content: {
        "application/json": {
          type: "object",
          properties: {
            items: { type: "array", items: ref("LocationHealth") },
            next: { type: "string", description: "The cursor of the next page (absent on the last)." },
          },
          required: ["items"],
        },
      },
    },
    ...GUARDED,
  },
});

export const adminReplyStats = route({
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
});

export const adminUnmatched = route({
  method: "get",
  path: "/v1/admin/acknowledgements/unmatched",
  tag: "admin",
  summary: "Acknowledgements for messages the gateway does not know",
  access: "admin-key",
  responses: { "200": json("UnmatchedAcknowledgements", "The list."), ...GUARDED },
});

export const adminAudit = route({
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
});

export const adminCheckpoints = route({
  method: "get",
  path: "/v1/admin/audit/checkpoints",
  tag: "admin",
  summary: "The audit trail's signed checkpoints kept outside Redis, oldest first (to keep a copy elsewhere)",
  access: "admin-key",
  responses: { "200": json("AuditCheckpoints", "The checkpoints."), ...GUARDED },
});

export const ADMIN_ROUTES = [
  adminOverview,
  adminSearch,
  adminRetry,
  adminResend,
  adminLocations,
  adminReplyStats,
  adminUnmatched,
  adminAudit,
  adminCheckpoints,
] as const;
