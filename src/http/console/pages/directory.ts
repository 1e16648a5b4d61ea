// Directory: the last import (issue 16), then a page of locations (search by name, municipality, GLN or SOR) with
// adapter, formats and delivery health over the last day. Never the whole directory: an import brings thousands.
import { html } from "hono/html";
import type { BreakerView, LocationHealth } from "../../../usecases/admin/directory-health.js";
import { dateTime, duration } from "../format.js";
import { t, type Lang } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import type { DirectoryImportMeta } from "../../../domain/ports/directory-store.js";
import { dataTable, healthBadge } from "./parts.js";

export interface DirectoryView {
  q: string;
  /** How many locations match the search (all of them shown page by page). */
  matching: number;
  lastImport: DirectoryImportMeta | undefined;
  next: string | undefined;
}

function importLine(lang: Lang, meta: DirectoryImportMeta | undefined): Html {
  if (!meta) return html`<p class="muted" data-import="none">${t(lang, "noImport")}</p>`;
  return html`<p data-import="${meta.generation}">
    ${t(lang, "lastImport")}: ${dateTime(lang, meta.importedAt)} · ${meta.entries} ${t(lang, "importedLocations")}
    ${meta.source}
  </p>`;
}

function nextLink(view: DirectoryView, next: string): string {
  const params = new URLSearchParams(view.q ? { q: view.q } : {});
  params.set("cursor", next);
  return `/admin/directory?${params.toString()}`;
}

export function directoryPage(
  frame: Omit<Frame, "title">,
  locations: readonly LocationHealth[],
  view: DirectoryView = { q: "", matching: locations.length, lastImport: undefined, next: undefined },
): Html {
  const { lang } = frame;
  const search = html`<form class="search" method="get" action="/admin/directory">
      <label>${t(lang, "search")} <input type="search" name="q" value="${view.q}" maxlength="200" /></label>
      <button type="submit">${t(lang, "search")}</button>
    </form>
    <p class="muted" data-matching="${view.matching}">
      ${view.matching} ${t(lang, "matchingLocations")} ${locations.length}
    </p>`;
  const more = view.next
    ? html`<p><a class="button secondary" href="${nextLink(view, view.next)}">${t(lang, "nextPage")}</a></p>`
    : "";
  return page(
    { ...frame, title: t(lang, "directory"), active: "directory" },
    html`${importLine(lang, view.lastImport)}${search}${dataTable(
      "directory",
      [
        { label: t(lang, "location") },
        { label: t(lang, "kind") },
        { label: t(lang, "adapter") },
        { label: t(lang, "formats") },
        { label: t(lang, "health") },
        { label: t(lang, "last24h") },
        { label: t(lang, "lastDelivered") },
        { label: t(lang, "lastFailed") },
        { label: t(lang, "waiting") },
        { label: t(lang, "breaker") },
      ],
      locations.map(
        (l) =>
          html`<tr data-gln="${l.gln}">
            <td>
              ${l.name}<br /><span class="muted id">GLN ${l.gln} · SOR ${l.sor}</span>${
                l.municipality ? html`<br /><span class="muted">${l.municipality}</span>` : ""
              }
            </td>
            <td>${l.kind}</td>
            <td>
              ${l.adapter}${l.origin && l.origin !== "config" ? html`<br /><span class="muted">${l.origin}</span>` : ""}
            </td>
            <td>${l.formats.join(", ")}</td>
            <td>${healthBadge(lang, l.health)}</td>
            <td>
              ${l.last24h.delivered} ${t(lang, "delivered24h")} · ${l.last24h.retry} ${t(lang, "retried24h")} ·
              ${l.last24h.rejected} ${t(lang, "rejected24h")}
            </td>
            <td>${l.lastDeliveredAt ? dateTime(lang, l.lastDeliveredAt) : t(lang, "never")}</td>
            <td>${l.lastFailedAt ? dateTime(lang, l.lastFailedAt) : t(lang, "never")}</td>
            <td>${l.backlog ? html`${l.backlog.waiting} (${duration(lang, l.backlog.oldest.ageSeconds)})` : "0"}</td>
            <td>${l.breaker ? breakerCell(lang, l.breaker) : "–"}</td>
          </tr>`,
      ),
    )}${more}`,
  );
}

/** A location's circuit breaker (issue 12, point 4): an operator sees a location is down as soon as it is marked
 *  down, with the letters waiting for it, not only when letters fail. */
function breakerCell(lang: Lang, b: BreakerView): Html {
  const waiting = b.waiting > 0 ? html`<br /><span class="muted">${b.waiting} ${t(lang, "breakerWaiting")}</span>` : "";
  if (b.state === "closed")
    return html`<span class="status health-ok" data-breaker="closed">${t(lang, "breakerUp")}</span>${waiting}`;
  const since = b.since ? dateTime(lang, b.since) : "";
  const next =
    b.state === "open" && b.nextProbeAt
      ? html`<br /><span class="muted">${t(lang, "nextProbe")} ${dateTime(lang, b.nextProbeAt)}</span>`
      : html`<br /><span class="muted">${t(lang, "breakerProbing")}</span>`;
  return html`<span class="status health-failing" data-breaker="${b.state}">${t(lang, "breakerDown")} ${since}</span
    >${next}${waiting}`;
}
