// Overview: what is stuck, where and why, at a glance; refreshes itself.
import { html } from "hono/html";
import { STATUSES } from "../../../store/record.js";
import type { Overview } from "../../../usecases/admin/overview.js";
import { dateTime, duration } from "../format.js";
import { statusLabel, t } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { messageLink, party } from "./parts.js";

export const OVERVIEW_REFRESH_SECONDS = 10;

export function overviewPage(frame: Omit<Frame, "title">, o: Overview): Html {
  const { lang } = frame;
  return page(
    { ...frame, title: t(lang, "overview"), active: "overview", refreshSeconds: OVERVIEW_REFRESH_SECONDS },
    html`<p class="muted">${dateTime(lang, o.at)} · ${t(lang, "refreshes")}</p>
      <h2>${t(lang, "statusCounts")}</h2>
      <div class="cards">
        ${STATUSES.map(
          (s) =>
            html`<div class="card" data-count="${s}">
              <a href="/admin/messages?status=${s}"
                ><div class="n">${o.counts[s]}</div>
                <div>${statusLabel(lang, s)}</div></a
              >
            </div>`,
        )}
        <div class="card" data-count="overdue" title="${t(lang, "overdueAcksHint")}">
          <div class="n">${o.overdueAcknowledgements}</div>
          <div>${t(lang, "overdueAcks")}</div>
        </div>
      </div>
      <h2>${t(lang, "backlog")}</h2>
      ${
        o.backlog.length === 0
          ? html`<p class="muted">${t(lang, "backlogEmpty")}</p>`
          : html`<div class="scroll">
              <table id="backlog">
                <thead>
                  <tr>
                    <th>${t(lang, "receiver")}</th>
                    <th class="num">${t(lang, "waiting")}</th>
                    <th>${t(lang, "oldestWaiting")}</th>
                    <th class="num">${t(lang, "age")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${o.backlog.map(
                    (b) =>
                      html`<tr>
                        <td>${party(b.receiver)}</td>
                        <td class="num">${b.waiting}</td>
                        <td>${messageLink(b.oldest.id)}</td>
                        <td class="num">${duration(lang, b.oldest.ageSeconds)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      ${o.backlogTruncated ? html`<p class="muted">${t(lang, "backlogTruncated")}</p>` : ""}
      <h2>${t(lang, "failures24h")} (${o.failures.count})</h2>
      ${
        o.failures.count === 0
          ? html`<p class="muted">${t(lang, "noFailures")}</p>`
          : html`<div class="scroll">
                <table id="failure-reasons">
                  <thead>
                    <tr>
                      <th>${t(lang, "reason")}</th>
                      <th class="num">${t(lang, "count")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${o.failures.reasons.map(
                      (r) =>
                        html`<tr>
                          <td>${r.reason}</td>
                          <td class="num">${r.count}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              <h2>${t(lang, "messages")}</h2>
              <div class="scroll">
                <table id="failures">
                  <thead>
                    <tr>
                      <th>${t(lang, "when")}</th>
                      <th>${t(lang, "message")}</th>
                      <th>${t(lang, "receiver")}</th>
                      <th>${t(lang, "reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${o.failures.recent.slice(0, 50).map(
                      (f) =>
                        html`<tr>
                          <td>${dateTime(lang, f.at)}</td>
                          <td>${messageLink(f.id)}</td>
                          <td>${party(f.receiver)}</td>
                          <td>${f.reason}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }`,
  );
}
