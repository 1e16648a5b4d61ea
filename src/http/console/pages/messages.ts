// Messages: search by status, sender, receiver, category, kind and time; a page of results, newest first. The list
// shows parties, category and status only: never a CPR, a patient's name or letter text.
import { html } from "hono/html";
import type { Issue } from "../../../util/issues.js";
import type { Location } from "../../../routing/directory.js";
import { STATUSES } from "../../../domain/record.js";
import type { MessagePage } from "../../../usecases/admin/search.js";
import { MESSAGE_KINDS } from "../../../domain/record.js";
import { dateTime } from "../format.js";
import { statusLabel, t, type Lang } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { dataTable, messageLink, party, statusBadge } from "./parts.js";

export interface SearchForm {
  values: Record<string, string>;
  locations: readonly Location[];
  categories: readonly string[];
}

function select(lang: Lang, name: string, current: string | undefined, options: readonly [string, string][]) {
  return html`<select name="${name}" id="search-${name}">
    <option value="">${t(lang, "any")}</option>
    ${options.map(
      ([value, label]) => html`<option value="${value}" ${current === value ? html`selected` : ""}>${label}</option>`,
    )}
  </select>`;
}

function searchForm(lang: Lang, form: SearchForm): Html {
  const v = form.values;
  // The configured locations only (issue 16: never an import's thousands); a remote GLN searched for (a link from a
  // message's page) stays selected as itself.
  const locations = form.locations.map((l): [string, string] => [l.gln, `${l.name} (${l.gln})`]);
  for (const value of [v.sender, v.receiver])
    if (value && !locations.some(([gln]) => gln === value)) locations.push([value, value]);
  return html`<form class="search" method="get" action="/admin/messages">
    <label
      >${t(lang, "status")}
      ${select(
        lang,
        "status",
        v.status,
        STATUSES.map((s) => [s, statusLabel(lang, s)]),
      )}</label
    >
    <label>${t(lang, "sender")} ${select(lang, "sender", v.sender, locations)}</label>
    <label>${t(lang, "receiver")} ${select(lang, "receiver", v.receiver, locations)}</label>
    <label
      >${t(lang, "category")}
      ${select(
        lang,
        "category",
        v.category,
        form.categories.map((c) => [c, c]),
      )}</label
    >
    <label
      >${t(lang, "kind")}
      ${select(
        lang,
        "kind",
        v.kind,
        MESSAGE_KINDS.map((k) => [k, k]),
      )}</label
    >
    <label
      >${t(lang, "from")} <input type="datetime-local" name="from" value="${v.from ?? ""}" id="search-from"
    /></label>
    <label>${t(lang, "to")} <input type="datetime-local" name="to" value="${v.to ?? ""}" id="search-to" /></label>
    <button type="submit">${t(lang, "search")}</button>
  </form>`;
}

function nextLink(values: Record<string, string>, next: string): string {
  const params = new URLSearchParams(Object.entries(values).filter(([k, v]) => v !== "" && k !== "cursor"));
  params.set("cursor", next);
  return `/admin/messages?${params.toString()}`;
}

export function messagesPage(
  frame: Omit<Frame, "title">,
  form: SearchForm,
  result: { page: MessagePage } | { issues: readonly Issue[] },
): Html {
  const { lang } = frame;
  const body =
    "issues" in result
      ? html`<div class="error" role="alert">
          <strong>${t(lang, "invalidSearch")}</strong>
          <ul>
            ${result.issues.map((i) => html`<li><code>${i.path}</code>: ${i.message}</li>`)}
          </ul>
        </div>`
      : result.page.items.length === 0
        ? html`<p class="muted">${t(lang, "noMessages")}</p>`
        : html`${dataTable(
            "messages",
            [
              { label: t(lang, "created") },
              { label: t(lang, "message") },
              { label: t(lang, "kind") },
              { label: t(lang, "sender") },
              { label: t(lang, "receiver") },
              { label: t(lang, "category") },
              { label: t(lang, "status") },
              { label: t(lang, "attempts"), num: true },
              { label: t(lang, "resends"), num: true },
            ],
            result.page.items.map(
              (m) =>
                html`<tr data-id="${m.id}">
                  <td>${dateTime(lang, m.createdAt)}</td>
                  <td>${messageLink(m.id)}</td>
                  <td>${m.kind}</td>
                  <td>${party(m.sender)}</td>
                  <td>${party(m.receiver)}</td>
                  <td>${m.category ?? "–"}</td>
                  <td>${statusBadge(lang, m.status)}</td>
                  <td class="num">${m.deliveryAttempts}</td>
                  <td class="num">${m.resends}</td>
                </tr>`,
            ),
          )}
          ${
            result.page.next
              ? html`<p>
                  <a class="button secondary" href="${nextLink(form.values, result.page.next)}"
                    >${t(lang, "nextPage")}</a
                  >
                </p>`
              : ""
          }`;
  return page({ ...frame, title: t(lang, "messages"), active: "messages" }, html`${searchForm(lang, form)}${body}`);
}
