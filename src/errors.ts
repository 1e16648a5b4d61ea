// The one error vocabulary of the service, and the one mapping from a failure to an HTTP status (CONTRACT.md §2) and
// to the MedCom acknowledgement code a receiving gateway would answer with (DOMAIN.md §3).
import type { Issue } from "./util/issues.js";

export type FailureKind =
  | "malformed"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "wrong-state"
  | "too-large"
  | "unsupported-media-type"
  | "invalid"
  | "rate-limited"
  | "unavailable"
  /** Redis failed during or after the store command: the message may or may not be stored (issue 12, point 1). */
  | "outcome-unknown"
  | "corrupt"
  /** The request (its body) arrived too slowly (issue 11, point 18). */
  | "timeout"
  /** Too many large bodies are being received at once; try again after Retry-After (issue 11, point 18). */
  | "busy";

const STATUS: Record<FailureKind, number> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "wrong-state": 409,
  "too-large": 413,
  "unsupported-media-type": 415,
  invalid: 422,
  "rate-limited": 429,
  unavailable: 503,
  "outcome-unknown": 503,
  // A stored value failed its integrity check (issue 11, point 8): the gateway's own state is broken, not the request.
  corrupt: 500,
  timeout: 408,
  busy: 503,
};

const TITLE: Record<FailureKind, string> = {
  malformed: "The request is malformed",
  unauthenticated: "Authentication required",
  forbidden: "Not allowed for this client",
  "not-found": "Not found",
  conflict: "The id is already used for different content",
  "wrong-state": "The message's status does not allow this",
  "too-large": "The request body is too large",
  "unsupported-media-type": "Unsupported media type",
  invalid: "The message breaks a rule",
  "rate-limited": "Too many requests",
  unavailable: "The gateway's store is unavailable; nothing was accepted",
  "outcome-unknown":
    "The gateway's store did not answer; the message may not have been accepted: retry with the same Idempotency-Key",
  corrupt: "A stored value is corrupt and is not served",
  timeout: "The request arrived too slowly",
  busy: "The gateway is busy receiving other large requests; nothing was accepted",
};

export class GatewayError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly issues: readonly Issue[] = [],
    detail?: string,
    /** Extra response headers (Retry-After, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? (issues.map((i) => i.message).join(" ") || TITLE[kind]));
    this.name = "GatewayError";
  }
}

export const statusOf = (kind: FailureKind): number => STATUS[kind];
export const titleOf = (kind: FailureKind): string => TITLE[kind];

/** A received message that fails this way is answered with this acknowledgement code (DOMAIN.md §3.1). */
export function acknowledgementCodeOf(kind: FailureKind): "fatal-error" | "transient-error" {
  return kind === "unavailable" ||
    kind === "outcome-unknown" ||
    kind === "rate-limited" ||
    kind === "timeout" ||
    kind === "busy"
    ? "transient-error"
    : "fatal-error";
}

/** Throw a failure with one issue. */
export function fail(kind: FailureKind, code: string, path: string, message: string, rule?: string): never {
  const issue: Issue = { severity: "error", code, path, message, ...(rule ? { rule } : {}) };
  throw new GatewayError(kind, [issue]);
}
