// Directory: every location with its adapter and formats, and its delivery health over the last day.
import { html } from "hono/html";
import type { BreakerView, LocationHealth } from "../../../usecases/admin/directory-health.js";
import { dateTime, duration } from "../format.js";
import { t, type Lang } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { dataTable, healthBadge } from "./parts.js";

export function directoryPage(frame: Omit<Frame, "title">, locations: readonly LocationHealth[]): Html {
  const { lang } = frame;
  return page(
    { ...frame, title: t(lang, "directory"), active: "directory" },
    dataTable(
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
            <td>${l.adapter}</td>
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
    ),
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
