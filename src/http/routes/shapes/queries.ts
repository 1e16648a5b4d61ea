// The query parameters of the API's GET routes: the routes check their queries against these (mount.ts) and
// /openapi.json publishes them, so the description cannot drift from what is enforced. Their types are derived.
import { Type, type Static } from "@sinclair/typebox";
import { LOCATION_KINDS } from "../../../config/schema.js";
import { MESSAGE_KINDS, STATUSES } from "../../../domain/record.js";
import { CURSOR, GLN, instant, INSTANT_DESCRIPTION, limit, LOCATIONS_CURSOR, oneOf } from "./params.js";

const closed = { additionalProperties: false } as const;

export const adminMessagesQuery = Type.Object(
  {
    status: Type.Optional(oneOf(STATUSES, { description: "Only messages with this status." })),
    sender: Type.Optional(Type.Unsafe<string>({ ...GLN, description: "Only messages from this location." })),
    receiver: Type.Optional(Type.Unsafe<string>({ ...GLN, description: "Only messages to this location." })),
    category: Type.Optional(
      Type.String({ maxLength: 64, description: "Only letters of this CareCommunication category." }),
    ),
    kind: Type.Optional(oneOf(MESSAGE_KINDS, { description: "Only this kind of message." })),
    from: Type.Optional(instant(`Accepted at or after this time. ${INSTANT_DESCRIPTION}`)),
    to: Type.Optional(instant(`Accepted at or before this time. ${INSTANT_DESCRIPTION}`)),
    limit: Type.Optional(limit(500, 50)),
    cursor: Type.Optional(CURSOR),
  },
  closed,
);
export type AdminMessagesQuery = Static<typeof adminMessagesQuery>;

export const periodQuery = Type.Object(
  {
    from: Type.Optional(instant("Start of the period (default: 30 days before `to`).")),
    to: Type.Optional(instant("End of the period (default: now).")),
  },
  closed,
);
export type PeriodQuery = Static<typeof periodQuery>;

export const auditQuery = Type.Object(
  {
    limit: Type.Optional(limit(10_000, 100)),
    verify: Type.Optional(
      oneOf(["incremental", "full"] as const, {
        description:
          "How much of the chain to verify: from the newest checkpoint kept outside Redis to the head (default), " +
          "or every kept entry against every checkpoint.",
      }),
    ),
  },
  closed,
);

export const mailboxQuery = Type.Object(
  {
    status: Type.Optional(
      oneOf(["new", "all"] as const, {
        default: "new",
        description: "`new`: not yet acknowledged by the receiving system; `all`: everything delivered.",
      }),
    ),
    limit: Type.Optional(limit(500, 50)),
    cursor: Type.Optional(CURSOR),
  },
  closed,
);

/** The console's directory page: a search and a page, never the whole directory (issue 16). */
export const consoleDirectoryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: "Words in any order (case and æ/ø/å folded)." })),
    cursor: Type.Optional(LOCATIONS_CURSOR),
  },
  closed,
);

export const locationsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: "Words in any order (case and æ/ø/å folded)." })),
    kind: Type.Optional(oneOf(LOCATION_KINDS)),
    municipality: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(limit(1000, 100)),
    cursor: Type.Optional(LOCATIONS_CURSOR),
  },
  closed,
);
