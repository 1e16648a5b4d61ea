// Signed-in administrators: an admin API key is exchanged for a session cookie (HttpOnly, SameSite=Strict, Secure
// under TLS, scoped to /admin). Every state-changing request must come from the console's own pages: same origin
// (Origin / Sec-Fetch-Site) and the session's synchronizer token in the form (OWASP CSRF cheat sheet).
import { systemClock, type Now } from "../../domain/clock.js";
import { timingSafeEqual } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { authorize } from "../../access/authorize.js";
import type { Caller, ClientRegistry } from "../../access/clients.js";
import { GatewayError } from "../../errors.js";
import { error } from "../../util/issues.js";
import { SESSION_MAX_AGE_MS, type Session, type SessionStore } from "../../store/session-store.js";
import type { AppEnv } from "../env.js";
import type { Lang } from "./i18n.js";

export const SESSION_COOKIE = "mg_admin_session";

export interface ConsoleEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { session: Session; lang: Lang };
}

/** Under TLS (directly, or behind a proxy that says so) the cookie is only ever sent over HTTPS. */
function overTls(c: Context<ConsoleEnv>): boolean {
  const socket = c.env?.incoming?.socket as TLSSocket | undefined;
  return socket?.encrypted === true || c.req.header("X-Forwarded-Proto") === "https";
}

export function setSessionCookie(c: Context<ConsoleEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/admin",
    httpOnly: true,
    sameSite: "Strict",
    secure: overTls(c),
    maxAge: SESSION_MAX_AGE_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<ConsoleEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/admin" });
}

export const sessionToken = (c: Context<ConsoleEnv>): string | undefined => getCookie(c, SESSION_COOKIE);

/** The page after sign-in becomes the redirect's Location header (RFC 9110 §10.2.2): printable ASCII without a
 *  backslash, and bounded. Anything else — a character a header cannot carry made the redirect throw (a 500), a line
 *  break must never reach a header — goes back to /admin. */
const NEXT = /^\/admin(?:[/?][\x21-\x5b\x5d-\x7e]{0,1000})?$/;

/** Where to go after signing in: only a console path of this site, never elsewhere (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && NEXT.test(next) && !next.startsWith("//") ? next : "/admin";
}

/** The signed-in administrator, or a redirect to sign in (pages) / 401 (anything else). */
export function requireAdmin(
  sessions: SessionStore,
  clients: ClientRegistry,
  now: Now = systemClock.now,
): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    const session = token ? await sessions.get(token, now().getTime()) : undefined;
    // The session names a client; its roles are read from the configuration on every request, so a client no longer
    // an administrator is signed out at once.
    const caller: Caller | undefined = session ? clients.byId(session.client) : undefined;
    if (!session || !caller || !authorize(caller, { do: "administer" })) {
      if (c.req.method === "GET" && (c.req.header("Accept") ?? "").includes("text/html")) {
        const url = new URL(c.req.url);
        return c.redirect(`/admin/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      throw new GatewayError("unauthenticated", [
        error("session-missing", "Cookie", "Sign in at /admin/sign-in with an administrator's API key."),
      ]);
    }
    c.set("caller", caller);
    c.set("session", session);
    await next();
  };
}

/** The console routes' access rule (admin-session): the session requireAdmin found. requireAdmin runs for everything
 *  below /admin but the sign-in; this holds each route to its own rule even if that order changes. */
export const signedIn: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (!(c.get("session") as Session | undefined))
    throw new GatewayError("unauthenticated", [
      error("session-missing", "Cookie", "Sign in at /admin/sign-in with an administrator's API key."),
    ]);
  await next();
};

/** A state-changing request from this site's own pages (login CSRF included: sign-in checks this too). */
function requireSameOrigin(c: Context<ConsoleEnv>): void {
  const site = c.req.header("Sec-Fetch-Site");
  const origin = c.req.header("Origin");
  const host = c.req.header("Host");
  const sameOrigin =
    site !== undefined ? site === "same-origin" : origin !== undefined && host !== undefined && hostOf(origin) === host;
  if (!sameOrigin)
    throw new GatewayError("forbidden", [
      error("cross-site", "Origin", "Console actions are accepted only from the console's own pages."),
    ]);
}

const hostOf = (origin: string): string | undefined => {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
};

/** A console form is a few short fields; anything bigger is refused while it streams in (see consoleApp). */
export const FORM_BYTES = 16 * 1024;

/** The fields of a form POST from the console, after the same-origin and (when signed in) CSRF-token checks. */
export async function consoleForm(c: Context<ConsoleEnv>, withToken: boolean): Promise<Record<string, string>> {
  requireSameOrigin(c);
  const body = await c.req.parseBody();
  const fields = Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  ) as Record<string, string>;
  if (withToken) {
    const expected = Buffer.from(c.get("session").csrf);
    const given = Buffer.from(fields.csrf ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new GatewayError("forbidden", [
        error("csrf-token", "csrf", "The form is stale or not from this session; reload the page and try again."),
      ]);
  }
  return fields;
}
