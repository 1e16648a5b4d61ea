// The query parameters of the API's GET routes: the routes check their queries against these (mount.ts) and
// /openapi.json publishes them, so the description cannot drift from what is enforced. Their types are derived.
import { Type, type Static } from "@sinclair/typebox";
import { LOCATION_KINDS } from "../../../config/schema.js";
import { STATUSES } from "../../../domain/record.js";
import { CURSOR, GLN, instant, INSTANT_DESCRIPTION, limit, oneOf } from "./params.js";

export const MESSAGE_KINDS = ["new", "reply", "forward", "acknowledgement"] as const;

const query = Type.Object;
const closed = { additionalProperties: false } as const;
const optional = Type.Optional;

export const adminMessagesQuery = query(
  {
    status: optional(oneOf(STATUSES, { description: "Only messages with this status." })),
    sender: optional(Type.Unsafe<string>({ ...GLN, description: "Only messages from this location." })),
    receiver: optional(Type.Unsafe<string>({ ...GLN, description: "Only messages to this location." })),
    category: optional(
      Type.String({ maxLength: 64, description: "Only letters of this CareCommunication category." }),
    ),
    kind: optional(oneOf(MESSAGE_KINDS, { description: "Only this kind of message." })),
    from: optional(instant(`Accepted at or after this time. ${INSTANT_DESCRIPTION}`)),
    to: optional(instant(`Accepted at or before this time. ${INSTANT_DESCRIPTION}`)),
    limit: optional(limit(500, 50)),
    cursor: optional(CURSOR),
  },
  closed,
);
export type AdminMessagesQuery = Static<typeof adminMessagesQuery>;

export const periodQuery = query(
  {
    from: optional(instant("Start of the period (default: 30 days before `to`).")),
    to: optional(instant("End of the period (default: now).")),
  },
  closed,
);
export type PeriodQuery = Static<typeof periodQuery>;

export const auditQuery = query(
  {
    limit: optional(limit(10_000, 100)),
    verify: optional(
      oneOf(["incremental", "full"] as const, {
        description:
          "How much of the chain to verify: from the newest checkpoint kept outside Redis to the head (default), " +
          "or every kept entry against every checkpoint.",
      }),
    ),
  },
  closed,
);

export const mailboxQuery = query(
  {
    status: optional(
      oneOf(["new", "all"] as const, {
        default: "new",
        description: "`new`: not yet acknowledged by the receiving system; `all`: everything delivered.",
      }),
    ),
    limit: optional(limit(500, 50)),
    cursor: optional(CURSOR),
  },
  closed,
);

export const locationsQuery = query(
  {
    q: optional(Type.String({ maxLength: 200, description: "Words in any order (case and æ/ø/å folded)." })),
    kind: optional(oneOf(LOCATION_KINDS)),
    municipality: optional(Type.String({ maxLength: 100 })),
  },
  closed,
);
