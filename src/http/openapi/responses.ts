// The shapes the API answers with, as JSON Schemas for /openapi.json (documentation: the handlers build these from
// the use cases' typed results). Request and query schemas are the checked ones (schemas/, medcom/compose/schema.ts).
import type { JsonSchema } from "../../util/json-schema.js";
import { ACKNOWLEDGEMENT_CODES, STATUSES } from "../../domain/record.js";
import { LOCATION_KINDS } from "../../config/schema.js";
import { MESSAGE_KINDS } from "../../domain/record.js";

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const string = (description?: string): JsonSchema => ({ type: "string", ...(description ? { description } : {}) });
const integer = (description?: string): JsonSchema => ({ type: "integer", ...(description ? { description } : {}) });
const dateTime = (description?: string): JsonSchema => ({
  type: "string",
  format: "date-time",
  ...(description ? { description } : {}),
});
const list = (items: JsonSchema, description?: string): JsonSchema => ({
  type: "array",
  items,
  ...(description ? { description } : {}),
});

function object(properties: Record<string, JsonSchema>, required: string[], description?: string): JsonSchema {
  return { type: "object", properties, required, ...(description ? { description } : {}) };
}

const status: JsonSchema = { type: "string", enum: [...STATUSES] };
const kind: JsonSchema = { type: "string", enum: [...MESSAGE_KINDS] };
const party = ref("Party");

export const RESPONSE_SCHEMAS: Record<string, JsonSchema> = {
  Issue: object(
    {
      severity: { type: "string", enum: ["error", "warning", "information"] },
      code: string("A stable machine code."),
      rule: string("The MedCom invariant or rule id, where one applies (e.g. medcom-careCommunication-5)."),
      path: string(
        "Where: a FHIRPath-like path for FHIR input, a JSON pointer for JSON, a parameter name for a query.",
      ),
      message: string("A sentence a person can act on."),
    },
    ["severity", "code", "path", "message"],
  ),
  Problem: object(
    {
      type: string(),
      title: string(),
      status: integer(),
      detail: string(),
      instance: string("The request id (X-Request-Id)."),
      issues: list(ref("Issue")),
    },
    ["type", "title", "status", "issues"],
    "RFC 9457 problem details with the gateway's issues.",
  ),
  Party: object({ gln: string("Location number."), name: string() }, ["gln", "name"]),
  SubmitAnswer: object(
    {
      id: string("The MessageHeader.id."),
      status: { type: "string", const: "accepted" },
      thread: string("The conversation (Communication.identifier)."),
      links: object({ self: string(), content: string() }, ["self", "content"]),
      issues: list(
        ref("Issue"),
        "Warnings about the accepted letter, when there are any: e.g. acute-letter (acute matters go by telephone).",
      ),
    },
    ["id", "status", "links"],
  ),
  Event: object(
    {
      at: dateTime(),
      type: string(
        "accepted, queued, delivery-attempt, delivered, failed, acknowledgement, acknowledged, rejected, resend, duplicate",
      ),
      detail: { type: "object", additionalProperties: { type: ["string", "number"] } },
    },
    ["at", "type"],
  ),
  AcknowledgementSummary: object(
    {
      id: string(),
      code: { type: "string", enum: [...ACKNOWLEDGEMENT_CODES] },
      at: dateTime(),
      issues: list(object({ code: string(), message: string() }, ["code", "message"])),
    },
    ["id", "code", "at", "issues"],
  ),
  MessageRecord: object(
    {
      id: string(),
      bundleId: string("Bundle.id of the current send (a technical resend has a new one)."),
      thread: string(),
      kind,
      sender: party,
      receiver: party,
      category: string(),
      status,
      createdAt: dateTime(),
      updatedAt: dateTime(),
      deliveryAttempts: integer(),
      deliveredAt: dateTime(),
      failureReason: string(),
      resends: integer(),
      acknowledges: string("For an acknowledgement: the MessageHeader.id it answers."),
      acknowledgement: ref("AcknowledgementSummary"),
      events: list(ref("Event")),
    },
    [
      "id",
      "bundleId",
      "kind",
      "sender",
      "receiver",
      "status",
      "createdAt",
      "updatedAt",
      "deliveryAttempts",
      "resends",
      "events",
    ],
  ),
  MessageBrief: object(
    {
      id: string(),
      kind,
      sender: party,
      receiver: party,
      status,
      createdAt: dateTime(),
      updatedAt: dateTime(),
      deliveryAttempts: integer(),
      resends: integer(),
      thread: string(),
      category: string(),
      acknowledges: string(),
      responseCode: string(),
    },
    ["id", "kind", "sender", "receiver", "status", "createdAt", "updatedAt", "deliveryAttempts", "resends"],
    "What lists show of a message: never a topic, text or patient data.",
  ),
  MessagePage: object({ items: list(ref("MessageBrief")), next: string("The cursor of the next page.") }, ["items"]),
  MailboxPage: object(
    {
      items: list(
        object(
          {
            id: string(),
            kind,
            acknowledges: string(),
            sender: party,
            receiver: party,
            category: string(),
            topic: string(),
            deliveredAt: dateTime(),
            status,
          },
          ["id", "kind", "sender", "receiver", "deliveredAt", "status"],
        ),
      ),
      next: string(),
    },
    ["items"],
  ),
  AcknowledgementAnswer: object(
    {
      id: string("The Acknowledgement's MessageHeader.id."),
      code: string(),
      acknowledges: string(),
      matched: { type: "boolean" },
    },
    ["id", "code", "acknowledges", "matched"],
  ),
  Thread: object(
    {
      thread: string(),
      items: list(
        object(
          {
            id: string(),
            kind,
            sender: party,
            receiver: party,
            category: string(),
            status,
            createdAt: dateTime(),
            acknowledgement: object({ code: string(), at: dateTime() }, ["code", "at"]),
          },
          ["id", "kind", "sender", "receiver", "status", "createdAt"],
        ),
      ),
    },
    ["thread", "items"],
  ),
  Locations: object(
    {
      items: list(
        object(
          {
            gln: string(),
            sor: string(),
            name: string(),
            kind: { type: "string", enum: [...LOCATION_KINDS] },
            municipality: string(),
            formats: list(string()),
          },
          ["gln", "sor", "name", "kind", "formats"],
        ),
      ),
    },
    ["items"],
  ),
  Overview: object(
    {
      at: dateTime(),
      counts: { type: "object", properties: Object.fromEntries(STATUSES.map((s) => [s, integer()])) },
      backlog: list(
        object(
          {
            receiver: party,
            waiting: integer(),
            oldest: object({ id: string(), createdAt: dateTime(), ageSeconds: integer() }, [
              "id",
              "createdAt",
              "ageSeconds",
            ]),
          },
          ["receiver", "waiting", "oldest"],
        ),
      ),
      backlogTruncated: { type: "boolean" },
      overdueAcknowledgements: integer("Letters unanswered longer than policy.ackTimeoutMinutes after first delivery."),
      failures: object(
        {
          since: dateTime(),
          count: integer(),
          reasons: list(object({ reason: string(), count: integer() }, ["reason", "count"])),
          recent: list(
            object(
              {
                id: string(),
                kind,
                receiver: party,
                at: dateTime(),
                status: { type: "string", enum: ["failed", "rejected"] },
                reason: string(),
              },
              ["id", "kind", "receiver", "at", "status", "reason"],
            ),
          ),
        },
        ["since", "count", "reasons", "recent"],
      ),
    },
    ["at", "counts", "backlog", "overdueAcknowledgements", "failures"],
  ),
  LocationHealth: object(
    {
      gln: string(),
      sor: string(),
      name: string(),
      kind: { type: "string", enum: [...LOCATION_KINDS] },
      municipality: string(),
      formats: list(string()),
      adapter: { type: "string", enum: ["mailbox", "webhook", "file-drop"] },
      last24h: object({ delivered: integer(), retry: integer(), rejected: integer() }, [
        "delivered",
        "retry",
        "rejected",
      ]),
      lastDeliveredAt: dateTime(),
      lastFailedAt: dateTime(),
      backlog: object(
        { waiting: integer(), oldest: object({ id: string(), createdAt: dateTime(), ageSeconds: integer() }, ["id"]) },
        ["waiting"],
      ),
      breaker: object(
        {
          state: { type: "string", enum: ["closed", "open", "half-open"] },
          since: dateTime(),
          nextProbeAt: dateTime(),
          waiting: integer(),
        },
        ["state", "waiting"],
      ),
      health: { type: "string", enum: ["ok", "degraded", "failing", "idle"] },
    },
    ["gln", "sor", "name", "kind", "formats", "adapter", "last24h", "health"],
  ),
  SendAgainAnswer: object({ id: string(), status, resends: integer(), bundleId: string("The new Bundle.id.") }, [
    "id",
    "status",
    "resends",
    "bundleId",
  ]),
  ReplyStats: object(
    {
      from: dateTime(),
      to: dateTime(),
      locations: list(
        object(
          {
            gln: string(),
            name: string(),
            received: integer(),
            answered: integer(),
            medianMinutesToAnswer: { type: "number" },
            oldestUnanswered: object({ id: string(), createdAt: dateTime(), ageMinutes: { type: "number" } }, [
              "id",
              "createdAt",
              "ageMinutes",
            ]),
          },
          ["gln", "name", "received", "answered"],
        ),
      ),
    },
    ["from", "to", "locations"],
  ),
  UnmatchedAcknowledgements: object(
    {
      items: list(
        object(
          {
            id: string(),
            acknowledges: string(),
            code: string(),
            sender: party,
            receiver: party,
            receivedAt: dateTime(),
          },
          ["id", "sender", "receiver", "receivedAt"],
        ),
      ),
    },
    ["items"],
  ),
  Audit: object(
    {
      items: list(
        object(
          {
            seq: integer("Contiguous from 1 (retention removes the oldest)."),
            prev: string("The MAC of the entry before."),
            mac: string("HMAC-SHA256 over seq, prev and the entry, under a key derived from the audit key."),
            entry: object(
              {
                at: dateTime(),
                client: string(),
                action: string(),
                messageId: string(),
                sender: string(),
                receiver: string(),
                cprHash: string("HMAC of the patient's CPR under the audit key; never the CPR."),
                detail: string(),
              },
              ["at", "client", "action"],
            ),
          },
          ["seq", "prev", "mac", "entry"],
        ),
      ),
      verification: object(
        {
          ok: { type: "boolean" },
          checked: integer(),
          problems: list(
            object(
              {
                seq: integer(),
                code: {
                  type: "string",
                  enum: ["altered", "removed", "reordered", "broken-chain", "truncated", "diverged"],
                },
                problem: string(),
              },
              ["seq", "code", "problem"],
            ),
          ),
          mode: { type: "string", enum: ["incremental", "full"] },
          from: integer("The trusted point verification started from (a checkpoint, or 0/the retention base)."),
          head: integer("The head's sequence number."),
        },
        ["ok", "checked", "problems", "mode", "from", "head"],
      ),
    },
    ["items", "verification"],
  ),
  AuditCheckpoints: object(
    {
      items: list(
        object(
          {
            prefix: string(),
            seq: integer(),
            mac: string(),
            at: dateTime(),
            sig: string("HMAC-SHA256 under a key derived from the audit key."),
          },
          ["prefix", "seq", "mac", "at", "sig"],
        ),
      ),
    },
    ["items"],
  ),
  Health: object({ status: { type: "string", const: "ok" } }, ["status"]),
  Readiness: object(
    {
      status: { type: "string", enum: ["ready", "not ready"] },
      failing: string("The first failing part (redis, queue:<name>, keys, draining)."),
      checks: { type: "object", additionalProperties: { type: "string" } },
    },
    ["status", "checks"],
  ),
};
