// Conversations: per receiving location, the new letters of a period, how many were answered, the median time to
// the first reply and the oldest unanswered (the reply statistics), with a chart.
import { html } from "hono/html";
import type { ReplyStats } from "../../../usecases/admin/reply-stats.js";
import { replyChart } from "../chart.js";
import { dateTime, duration } from "../format.js";
import { t } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { dataTable, messageLink } from "./parts.js";

export function conversationsPage(
  frame: Omit<Frame, "title">,
  period: { from: string; to: string; values: { from: string; to: string } },
  stats: readonly ReplyStats[],
): Html {
  const { lang } = frame;
  const bars = stats.map((s) => ({ label: s.name, answered: s.answered, unanswered: s.received - s.answered }));
  return page(
    { ...frame, title: t(lang, "conversations"), active: "conversations" },
    html`<form class="search" method="get" action="/admin/conversations">
        <label>${t(lang, "from")} <input type="datetime-local" name="from" value="${period.values.from}" /></label>
        <label>${t(lang, "to")} <input type="datetime-local" name="to" value="${period.values.to}" /></label>
        <button type="submit">${t(lang, "search")}</button>
      </form>
      <p class="muted">${t(lang, "period")}: ${dateTime(lang, period.from)} – ${dateTime(lang, period.to)}</p>
      ${
        stats.length === 0
          ? html`<p class="muted">${t(lang, "noLetters")}</p>`
          : html`${replyChart(bars, t(lang, "chartTitle"), {
              answered: t(lang, "answered"),
              unanswered: t(lang, "unanswered"),
            })}
            ${dataTable(
              "reply-stats",
              [
                { label: t(lang, "receiver") },
                { label: t(lang, "received"), num: true },
                { label: t(lang, "answered"), num: true },
                { label: t(lang, "answeredShare"), num: true },
                { label: t(lang, "medianToAnswer"), num: true },
                { label: t(lang, "oldestUnanswered") },
              ],
              stats.map(
                (s) =>
                  html`<tr data-gln="${s.gln}">
                    <td>${s.name} <span class="muted id">${s.gln}</span></td>
                    <td class="num">${s.received}</td>
                    <td class="num">${s.answered}</td>
                    <td class="num">${Math.round((s.answered / Math.max(1, s.received)) * 100)} %</td>
                    <td class="num">
                      ${s.medianMinutesToAnswer === undefined ? "–" : duration(lang, s.medianMinutesToAnswer * 60)}
                    </td>
                    <td>
                      ${
                        s.oldestUnanswered
                          ? html`${messageLink(s.oldestUnanswered.id)}
                              <span class="muted">(${duration(lang, s.oldestUnanswered.ageMinutes * 60)})</span>`
                          : "–"
                      }
                    </td>
                  </tr>`,
              ),
            )}`
      }`,
  );
}
