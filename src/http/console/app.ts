// /admin: the administrators' console (server-rendered pages, no build step, no script). Sign-in exchanges an admin
// API key for a session; pages call the same use cases as the /v1/admin API; actions ask for confirmation, carry the
// session's CSRF token and are audited by their use case.
import type { Queue } from "bullmq";
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { authorize } from "../../access/authorize.js";
import { GatewayError, statusOf } from "../../errors.js";
import { CATEGORY_CODES } from "../../medcom/compose/codes.js";
import { error } from "../../util/issues.js";
import type { SessionStore } from "../../store/session-store.js";
import { directoryHealth } from "../../usecases/admin/directory-health.js";
import { LOCATIONS_PAGE_DEFAULT, pageOf, readLocationCursor } from "../../routing/paging.js";
import { adminOverview } from "../../usecases/admin/overview.js";
import { searchMessages } from "../../usecases/admin/search.js";
import { adminSendAgain, type AdminSendAction } from "../../usecases/admin/send-again.js";
import type { UseCaseDeps } from "../../usecases/deps.js";
import { readMessage } from "../../usecases/read/read-message.js";
import { replyStats } from "../../usecases/admin/reply-stats.js";
import { messageSearchOf, periodOf } from "../admin.js";
import * as routes from "../routes/console.js";
import { queryCheckOf, router } from "../routes/mount.js";
import { peerOf } from "../auth.js";
import { limitFormBody } from "../body.js";
import { toProblem } from "../problem.js";
import { pickLang } from "./i18n.js";
import type { Frame } from "./layout.js";
import { confirmPage } from "./pages/confirm.js";
import { conversationsPage } from "./pages/conversations.js";
import { directoryPage } from "./pages/directory.js";
import { errorPage } from "./pages/error.js";
import { messagePage } from "./pages/message.js";
import { messagesPage } from "./pages/messages.js";
import { overviewPage } from "./pages/overview.js";
import { messagePath } from "./pages/parts.js";
import { signInPage } from "./pages/sign-in.js";
import { hardenedBoardResponse, QUEUES_BASE_PATH, queuesBoard } from "./queues-board.js";
import {
  clearSessionCookie,
  consoleForm,
  FORM_BYTES,
  requireAdmin,
  safeNext,
  sessionToken,
  setSessionCookie,
  signedIn,
  type ConsoleEnv,
} from "./session.js";
import { CONSOLE_CSS } from "./styles.js";

const LANG_COOKIE = "mg_lang";
/** Failed sign-ins per minute from one address before it must wait. */
const SIGN_IN_FAILURES_PER_MINUTE = 10;

// Pages are the site's own: no scripts at all, styles from the one sheet, never framed, never cached.
const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

export interface ConsoleOptions {
  deps: UseCaseDeps;
  sessions: SessionStore;
  queues: readonly Queue[];
}

/** The proxy-aware client address (TRUST_PROXY, issue 11, point 13); the socket's peer when the app runs alone. */
const remoteAddress = (c: Context<ConsoleEnv>) =>
  c.get("clientAddress") ?? c.env?.incoming?.socket.remoteAddress ?? "unknown";

function frameOf(c: Context<ConsoleEnv>): Omit<Frame, "title"> {
  const url = new URL(c.req.url);
  const session = c.get("session");
  return {
    lang: c.get("lang"),
    here: url.pathname + url.search,
    ...(session ? { signedIn: { client: session.client, csrf: session.csrf } } : {}),
  };
}

/** Form values for refilling a search form: the query's own strings, as typed. */
const formValues = (c: Context<ConsoleEnv>) =>
  Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => k !== "lang" && v !== ""));

export function consoleApp({ deps, sessions, queues }: ConsoleOptions): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const board = queuesBoard(queues);
  // Every console POST is a small form, the unauthenticated sign-in included: bounded while it streams in.
  const smallForm = limitFormBody<ConsoleEnv>(FORM_BYTES);

  app.use(async (c, next) => {
    const chosen = c.req.query("lang");
    if (chosen === "da" || chosen === "en") {
      setCookie(c, LANG_COOKIE, chosen, { path: "/admin", sameSite: "Lax", maxAge: 365 * 86400 });
      const url = new URL(c.req.url);
      url.searchParams.delete("lang");
      return c.redirect(url.pathname + url.search, 303);
    }
    c.set("lang", pickLang(getCookie(c, LANG_COOKIE), c.req.header("Accept-Language")));
    await next();
    if (!c.req.path.startsWith(QUEUES_BASE_PATH))
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    else {
      const hardened = await hardenedBoardResponse(c.res, () => {
        deps.log.error({ requestId: c.get("requestId"), status: c.res.status }, "queue board error");
        return toProblem(new Error("queue board"), c.get("requestId")).response;
      });
      // Replaced, not merged: Hono would copy the old answer's headers (its Content-Length) onto the new one.
      c.res = undefined;
      c.res = hardened;
    }
  });

  // A browser gets a page that says what went wrong; anything else (the board's own fetches, scripts) a problem. A
  // refused oversized form is always a problem: that answer also closes the connection (problemResponse).
  app.onError((err, c) => {
    const tooLarge = err instanceof GatewayError && err.kind === "too-large";
    if (tooLarge || !(c.req.header("Accept") ?? "").includes("text/html")) {
      const { response, unexpected } = toProblem(err, c.get("requestId"));
      if (unexpected) deps.log.error({ err: err.message, stack: err.stack }, "console error");
      return response;
    }
    const gatewayError = err instanceof GatewayError ? err : undefined;
    if (!gatewayError) deps.log.error({ err: err.message, stack: err.stack }, "console error");
    const status = gatewayError ? statusOf(gatewayError.kind) : 500;
    return c.html(errorPage(frameOf(c), status, gatewayError?.issues ?? []), status as 400);
  });

  const on = router(app, "/admin", { "admin-session": signedIn });

  on(routes.consoleCss, (c) =>
    c.body(CONSOLE_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "max-age=3600" }),
  );

  on(routes.signInForm, (c) => c.html(signInPage(c.get("lang"), { next: safeNext(c.req.query("next")) })));

  on(
    routes.signIn,
    async (c) => {
      const form = await consoleForm(c, false);
      const next = safeNext(form.next);
      const lang = c.get("lang");
      // Failed attempts per address and minute are limited (a guessed key costs a minute after a few tries).
      const throttleKey = `sign-in-failures:${remoteAddress(c)}`;
      if ((await deps.rateLimiter.taken(throttleKey, deps.now().getTime())) >= SIGN_IN_FAILURES_PER_MINUTE)
        return c.html(signInPage(lang, { next, problem: "throttled" }), 429);
      const caller = form.apiKey ? deps.clients.authenticate(form.apiKey, peerOf(c)) : undefined;
      if (!caller || !authorize(caller, { do: "administer" })) {
        await deps.rateLimiter.take(throttleKey, SIGN_IN_FAILURES_PER_MINUTE, deps.now().getTime());
        return c.html(signInPage(lang, { next, problem: "failed" }), 401);
      }
      const { token } = await sessions.create(caller.id, deps.now().getTime());
      setSessionCookie(c, token);
      await deps.audit({ client: caller.id, action: "admin-sign-in" });
      return c.redirect(next, 303);
    },
    smallForm,
  );

  // Every page but the sign-in and the style sheet needs a session; the board and unknown paths below /admin too.
  app.use("*", requireAdmin(sessions, deps.clients, deps.now));

  on(
    routes.signOut,
    async (c) => {
      await consoleForm(c, true);
      const token = sessionToken(c);
      if (token) await sessions.destroy(token);
      clearSessionCookie(c);
      await deps.audit({ client: c.get("caller").id, action: "admin-sign-out" });
      return c.redirect("/admin/sign-in", 303);
    },
    smallForm,
  );

  on(routes.consoleOverview, async (c) =>
    c.html(overviewPage(frameOf(c), await adminOverview(deps), (await deps.outboxParking?.list(50)) ?? [])),
  );

  const searchQuery = queryCheckOf(routes.consoleMessages);
  on(routes.consoleMessages, async (c) => {
    const form = { values: formValues(c), locations: deps.directory.configured(), categories: [...CATEGORY_CODES] };
    const query = searchQuery ? searchQuery.check(form.values) : { ok: true as const, value: {}, issues: [] };
    if (!query.ok) return c.html(messagesPage(frameOf(c), form, { issues: query.issues }), 400);
    return c.html(messagesPage(frameOf(c), form, { page: await searchMessages(messageSearchOf(query.value), deps) }));
  });

  on(routes.consoleMessage, async (c, { params }) => {
    const message = await readMessage(c.get("caller"), params.id, deps);
    const done = c.req.query("done");
    return c.html(messagePage(frameOf(c), message, done === "retry" || done === "resend" ? done : undefined));
  });

  for (const action of ["retry", "resend"] as const satisfies readonly AdminSendAction[]) {
    on(routes.CONSOLE_ACTIONS[action].confirm, async (c, { params }) => {
      const message = await readMessage(c.get("caller"), params.id, deps);
      return c.html(confirmPage(frameOf(c), message, action, c.get("session").csrf));
    });
    on(
      routes.CONSOLE_ACTIONS[action].act,
      async (c, { params }) => {
        await consoleForm(c, true);
        await adminSendAgain(c.get("caller"), params.id, action, deps);
        return c.redirect(`${messagePath(params.id)}?done=${action}`, 303);
      },
      smallForm,
    );
  }

  const periodQuery = queryCheckOf(routes.consoleConversations);
  on(routes.consoleConversations, async (c) => {
    const query = periodQuery ? periodQuery.check(formValues(c)) : { ok: true as const, value: {}, issues: [] };
    if (!query.ok) throw new GatewayError("malformed", query.issues);
    const period = periodOf(query.value, deps.now());
    const stats = await replyStats(period, deps);
    const values = { from: query.value.from ?? "", to: query.value.to ?? "" };
    return c.html(conversationsPage(frameOf(c), { ...stats, values }, stats.locations));
  });

  // One page of the directory at a time (issue 16): an import brings thousands of locations.
  on(routes.consoleDirectory, async (c, { query }) => {
    const found = deps.directory.search(query.q ? { q: query.q } : {});
    const page = pageOf(found, LOCATIONS_PAGE_DEFAULT, query.cursor ? readLocationCursor(query.cursor) : undefined);
    const view = { q: query.q ?? "", matching: found.length, lastImport: deps.directory.lastImport(), next: page.next };
    return c.html(directoryPage(frameOf(c), await directoryHealth(deps, page.items), view));
  });

  // BullMQ's board: read-only for administrators, whatever the board itself would allow.
  app.use("*", async (c, next) => {
    if (c.req.path.startsWith(QUEUES_BASE_PATH) && c.req.method !== "GET" && c.req.method !== "HEAD")
      throw new GatewayError("forbidden", [
        error("read-only", "", "The queue board is read-only; act on messages from the console's message pages."),
      ]);
    await next();
  });
  app.route("/queues", board);

  return app;
}
