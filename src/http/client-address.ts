// The client's address (issue 11, point 13), for limits keyed per address (console sign-in, failed authentication).
// Behind a reverse proxy the socket's peer is the proxy: every client would share one budget, and one attacker could
// lock everybody out. With TRUST_PROXY naming the proxies' addresses, the address is read from X-Forwarded-For: the
// rightmost hop that is not a trusted proxy (the hops left of it are the client's own words and can be forged).
// Without TRUST_PROXY (the default) X-Forwarded-For is ignored.
import { isIP } from "node:net";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same peer. */
const normalized = (address: string) =>
  address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");

/**
 * TRUST_PROXY: unset, empty or `off` → no proxy is trusted; otherwise a comma-separated list of the proxies' exact IP
 * addresses (`loopback` stands for 127.0.0.1 and ::1). No ranges: list each proxy. Undefined with a problem text when
 * an entry is not an IP address.
 */
export function parseTrustProxy(value: string | undefined): { proxies: ReadonlySet<string> } | { problem: string } {
  const text = (value ?? "").trim();
  if (text === "" || text.toLowerCase() === "off") return { proxies: new Set() };
  const proxies = new Set<string>();
  for (const entry of text.split(",").map((e) => e.trim())) {
    if (entry.toLowerCase() === "loopback") {
      proxies.add("127.0.0.1").add("::1");
    } else if (isIP(entry) !== 0) {
      proxies.add(normalized(entry));
    } else {
      return { problem: `TRUST_PROXY: "${entry.slice(0, 64)}" is not an IP address (list proxies' addresses, or off)` };
    }
  }
  return { proxies };
}

/** The client's address: the socket's peer, or — when that peer is a trusted proxy — the rightmost untrusted hop. */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  proxies: ReadonlySet<string>,
): string {
  const peer = socketAddress ? normalized(socketAddress) : "unknown";
  if (!proxies.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(",").map(normalized);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    // A hop that is not an address is nobody's: the last trusted proxy (the peer) answers for it.
    if (isIP(hop) === 0) return peer;
    if (!proxies.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}

export function clientAddress(proxies: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const socket = (c.env as AppEnv["Bindings"] | undefined)?.incoming?.socket;
    c.set("clientAddress", clientAddressOf(socket?.remoteAddress, c.req.header("X-Forwarded-For"), proxies));
    await next();
  };
}
