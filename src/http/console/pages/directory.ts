// Directory: every location with its adapter and formats, and its delivery health over the last day.
import { html } from "hono/html";
import type { LocationHealth } from "../../../usecases/admin/directory-health.js";
import { dateTime, duration } from "../format.js";
import { t } from "../i18n.js";
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
          </tr>`,
      ),
    ),
  );
}
