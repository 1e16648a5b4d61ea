// The shapes of what the administration and operations routes answer, as JSON Schemas by component name.
import { LOCATION_KINDS } from "../../../config/schema.js";
import { STATUSES } from "../../../domain/record.js";
import { RESEND_REASONS } from "../../../domain/scheduling.js";
import type { JsonSchema } from "../../../util/json-schema.js";
import { dateTime, integer, kind, list, object, party, status, string } from "./build.js";

export const ADMIN_SHAPES: Record<string, JsonSchema> = {
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
      regionalRules: object({ acuteLetters: integer(), reportsOfConcernRefused: integer() }, [
        "acuteLetters",
        "reportsOfConcernRefused",
      ]),
      ackDeadlines: object(
        {
          scheduled: integer("Waiting to be due, or for a retry."),
          claimed: integer("Being run (or left by a dead worker until its lease lapses)."),
          failed: integer("Failed after every attempt; kept 7 days."),
          recentFailures: list(
            object(
              {
                id: string(),
                send: integer(),
                reason: { type: "string", enum: [...RESEND_REASONS] },
                at: dateTime(),
                error: string(),
              },
              ["id", "send", "reason", "at", "error"],
            ),
          ),
        },
        ["scheduled", "claimed", "failed", "recentFailures"],
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
      adapter: { type: "string", enum: ["mailbox", "webhook", "file-drop", "vans"] },
      origin: { type: "string", enum: ["config", "import", "default-route"] },
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
