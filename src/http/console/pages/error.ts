// What went wrong, for a person in the browser: each issue with its code, where, and what to do.
import { html } from "hono/html";
import type { Issue } from "../../../util/issues.js";
import { t } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";

export function errorPage(frame: Omit<Frame, "title">, status: number, issues: readonly Issue[]): Html {
  return page(
    { ...frame, title: status === 404 ? t(frame.lang, "notFound") : `HTTP ${status}` },
    html`<div class="error" role="alert">
      <ul>
        ${
          issues.length > 0
            ? issues.map(
                (i) =>
                  html`<li><code>${i.code}</code> ${i.path ? html`(<code>${i.path}</code>)` : ""}: ${i.message}</li>`,
              )
            : html`<li>Unexpected error; the request id is in the X-Request-Id header.</li>`
        }
      </ul>
    </div>`,
  );
}
