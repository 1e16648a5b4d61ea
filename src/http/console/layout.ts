// The frame of every console page: language, navigation, who is signed in, the sign-out form (with the session's
// CSRF token), and a self-refresh where the page watches something change. No script: the pages work, and the CSP
// can forbid scripts altogether.
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { t, type Label, type Lang } from "./i18n.js";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = "overview" | "messages" | "conversations" | "directory";

const SECTIONS: readonly { section: Section; href: string; label: Label }[] = [
  { section: "overview", href: "/admin", label: "overview" },
  { section: "messages", href: "/admin/messages", label: "messages" },
  { section: "conversations", href: "/admin/conversations", label: "conversations" },
  { section: "directory", href: "/admin/directory", label: "directory" },
];

export interface Frame {
  lang: Lang;
  title: string;
  /** The page's own path and query, for the language switch. */
  here: string;
  /** Signed in: the client id and the session's CSRF token. */
  signedIn?: { client: string; csrf: string };
  active?: Section;
  refreshSeconds?: number;
}

/** The same page in the other language. */
function otherLanguage(frame: Frame): string {
  const url = new URL(frame.here, "http://console.invalid");
  url.searchParams.set("lang", frame.lang === "da" ? "en" : "da");
  return `${url.pathname}${url.search}`;
}

export function page(frame: Frame, body: Html): Html {
  const { lang, signedIn } = frame;
  const nav = signedIn
    ? html`<nav aria-label="${t(lang, "title")}">
          ${SECTIONS.map(
            (s) =>
              html`<a href="${s.href}" ${frame.active === s.section ? raw('aria-current="page"') : ""}
                >${t(lang, s.label)}</a
              >`,
          )}
          <a href="/admin/queues">${t(lang, "queues")}</a>
        </nav>
        <span class="muted">${t(lang, "signedInAs")} <strong>${signedIn.client}</strong></span>
        <form method="post" action="/admin/sign-out">
          <input type="hidden" name="csrf" value="${signedIn.csrf}" />
          <button class="secondary" type="submit">${t(lang, "signOut")}</button>
        </form>`
    : html`<nav></nav>`;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${frame.refreshSeconds ? html`<meta http-equiv="refresh" content="${frame.refreshSeconds}" />` : ""}
        <title>${frame.title} · ${t(lang, "title")}</title>
        <link rel="stylesheet" href="/admin/assets/console.css" />
      </head>
      <body>
        <header>
          <span class="brand">${t(lang, "title")}</span>
          ${nav}
          <a href="${otherLanguage(frame)}" hreflang="${lang === "da" ? "en" : "da"}">${t(lang, "language")}</a>
        </header>
        <main>
          <h1>${frame.title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
