// Errors as application/problem+json (RFC 9457) with an `issues` array (CONTRACT.md §2). The one place a failure
// becomes an HTTP response.
import { HTTPException } from "hono/http-exception";
import { GatewayError, statusOf, titleOf, type FailureKind } from "../errors.js";
import type { Issue } from "../util/issues.js";
import { boundedText, MAX_SHOWN_MESSAGE, shownIssue } from "../medcom/shown-issues.js";
import { isRedisUnavailable } from "../redis/connections.js";

export const PROBLEM_JSON = "application/problem+json";
const MAX_ISSUES = 500;

function problemResponse(
  requestId: string | undefined,
  kind: FailureKind,
  issues: readonly Issue[],
  detail?: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): Response {
  const status = statusOf(kind);
  // A hostile body can break thousands of rules; the first ones say enough and the answer stays small.
  // Each issue bounded and free of control characters, whatever check wrote it (issue 11 sweep).
  const shown =
    issues.length <= MAX_ISSUES
      ? issues.map(shownIssue)
      : [
          ...issues.slice(0, MAX_ISSUES).map(shownIssue),
          {
            severity: "information" as const,
            code: "issues-truncated",
            path: "",
            message: `${issues.length - MAX_ISSUES} more issues are not shown.`,
          },
        ];
  const body = {
    type: "about:blank",
    title: titleOf(kind),
    status,
    ...(detail ? { detail: boundedText(detail, MAX_SHOWN_MESSAGE) } : {}),
    instance: requestId,
    issues: shown,
  };
  const headers: Record<string, string> = { ...extraHeaders, "Content-Type": PROBLEM_JSON };
  if (kind === "unauthenticated") headers["WWW-Authenticate"] = 'Bearer realm="medcom-gateway"';
  // Refusing a body that may still be arriving: close the connection so the client stops sending it.
  if (kind === "too-large" || kind === "timeout" || kind === "busy") headers.Connection = "close";
  return new Response(JSON.stringify(body), { status, headers });
}

/** Map anything thrown in a handler to a problem; unknown errors are 500s that say nothing about the input. */
export function toProblem(err: unknown, requestId: string | undefined): { response: Response; unexpected: boolean } {
  if (err instanceof GatewayError)
    return { response: problemResponse(requestId, err.kind, err.issues, err.message, err.headers), unexpected: false };
  if (isRedisUnavailable(err)) {
    return {
      response: problemResponse(requestId, "unavailable", [
        { severity: "error", code: "store-unavailable", path: "", message: "Redis is unreachable; retry later." },
      ]),
      unexpected: false,
    };
  }
  if (err instanceof HTTPException && err.status === 413) {
    return { response: problemResponse(requestId, "too-large", []), unexpected: false };
  }
  const body = { type: "about:blank", title: "Internal error", status: 500, instance: requestId };
  return {
    response: new Response(JSON.stringify(body), { status: 500, headers: { "Content-Type": PROBLEM_JSON } }),
    unexpected: true,
  };
}
