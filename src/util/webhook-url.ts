// Where a webhook may send letters (issue 11, point 12): `https:` only, except to a loopback receiver. Checked by the
// configuration (an error at start) and again by the adapter (defence in depth).

/** Loopback host names and addresses (RFC 6761 §6.3 `localhost`, 127.0.0.0/8, ::1). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Why a webhook URL is not acceptable, or undefined: `https:` only, except to a loopback receiver (a sidecar on the
 * same host). Over plain HTTP anybody on the path reads the letters and replays them (issue 11, point 12).
 */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "url must be an absolute https: URL";
  }
  if (parsed.username || parsed.password) return "url must not carry a user name or password";
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname)) return undefined;
  return "url must be https: (plain http: only to a loopback address)";
}
