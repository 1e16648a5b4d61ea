// The query parameters of the API's GET routes, as JSON Schemas: the routes check their queries against these and
// /openapi.json publishes them, so the description cannot drift from what is enforced.
import { objectSchema, queryCheck } from "../../util/json-schema.js";
import { LOCATION_KINDS } from "../../config/schema.js";
import { MESSAGE_KINDS, STATUSES, type MessageKind, type Status } from "../../domain/record.js";
import { CURSOR, GLN, INSTANT, limit } from "./common.js";

export interface AdminMessagesQuery {
  status?: Status;
  sender?: string;
  receiver?: string;
  category?: string;
  kind?: MessageKind;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export const adminMessagesQuery = queryCheck<AdminMessagesQuery>(
  objectSchema({
    status: { type: "string", enum: [...STATUSES], description: "Only messages with this status." },
    sender: { ...GLN, description: "Only messages from this location." },
    receiver: { ...GLN, description: "Only messages to this location." },
    category: { type: "string", maxLength: 64, description: "Only letters of this CareCommunication category." },
    kind: { type: "string", enum: [...MESSAGE_KINDS], description: "Only this kind of message." },
    from: { ...INSTANT, description: `Accepted at or after this time. ${String(INSTANT.description)}` },
    to: { ...INSTANT, description: `Accepted at or before this time. ${String(INSTANT.description)}` },
    limit: limit(500, 50),
    cursor: CURSOR,
  }),
);

export interface PeriodQuery {
  from?: string;
  to?: string;
}

export const periodQuery = queryCheck<PeriodQuery>(
  objectSchema({
    from: { ...INSTANT, description: "Start of the period (default: 30 days before `to`)." },
    to: { ...INSTANT, description: "End of the period (default: now)." },
  }),
);

export const auditQuery = queryCheck<{ limit?: number; verify?: "incremental" | "full" }>(
  objectSchema({
    limit: limit(10_000, 100),
    verify: {
      type: "string",
      enum: ["incremental", "full"],
      description:
        "How much of the chain to verify: from the newest checkpoint kept outside Redis to the head (default), " +
        "or every kept entry against every checkpoint.",
    },
  }),
);

export interface MailboxQuery {
  status?: "new" | "all";
  limit?: number;
  cursor?: string;
}

export const mailboxQuery = queryCheck<MailboxQuery>(
  objectSchema({
    status: {
      type: "string",
      enum: ["new", "all"],
      default: "new",
      description: "`new`: not yet acknowledged by the receiving system; `all`: everything delivered.",
    },
    limit: limit(500, 50),
    cursor: CURSOR,
  }),
);

export interface LocationsQuery {
  q?: string;
  kind?: (typeof LOCATION_KINDS)[number];
  municipality?: string;
}

export const locationsQuery = queryCheck<LocationsQuery>(
  objectSchema({
    q: { type: "string", maxLength: 200, description: "Words in any order (case and æ/ø/å folded)." },
    kind: { type: "string", enum: [...LOCATION_KINDS] },
    municipality: { type: "string", maxLength: 100 },
  }),
);
