// Overview: what is stuck, where and why, at a glance; refreshes itself.
import { html } from "hono/html";
import { STATUSES } from "../../../domain/record.js";
import type { ParkedEntry } from "../../../domain/ports/outbox-parking.js";
import { shownValue } from "../../../medcom/ids.js";
import type { Overview } from "../../../usecases/admin/overview.js";
import { dateTime, duration } from "../format.js";
import { statusLabel, t } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { dataTable, messageLink, party } from "./parts.js";

const OVERVIEW_REFRESH_SECONDS = 10;

function counts(frame: Omit<Frame, "title">, o: Overview): Html {
  const { lang } = frame;
  return html`<div class="cards">
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
    <div class="card" data-count="acute-letters" title="${t(lang, "acuteLettersHint")}">
      <div class="n">${o.regionalRules.acuteLetters}</div>
      <div>${t(lang, "acuteLetters")}</div>
    </div>
    <div class="card" data-count="reports-of-concern" title="${t(lang, "reportsOfConcernHint")}">
      <div class="n">${o.regionalRules.reportsOfConcernRefused}</div>
      <div>${t(lang, "reportsOfConcern")}</div>
    </div>
  </div>`;
}

function backlog(frame: Omit<Frame, "title">, o: Overview): Html {
  const { lang } = frame;
  if (o.backlog.length === 0) return html`<p class="muted">${t(lang, "backlogEmpty")}</p>`;
  return html`${dataTable(
    "backlog",
    [
      { label: t(lang, "receiver") },
      { label: t(lang, "waiting"), num: true },
      { label: t(lang, "oldestWaiting") },
      { label: t(lang, "age"), num: true },
    ],
    o.backlog.map(
      (b) =>
        html`<tr>
          <td>${party(b.receiver)}</td>
          <td class="num">${b.waiting}</td>
          <td>${messageLink(b.oldest.id)}</td>
          <td class="num">${duration(lang, b.oldest.ageSeconds)}</td>
        </tr>`,
    ),
  )}
  ${o.backlogTruncated ? html`<p class="muted">${t(lang, "backlogTruncated")}</p>` : ""}`;
}

function failures(frame: Omit<Frame, "title">, o: Overview): Html {
  const { lang } = frame;
  if (o.failures.count === 0) return html`<p class="muted">${t(lang, "noFailures")}</p>`;
  return html`${dataTable(
      "failure-reasons",
      [{ label: t(lang, "reason") }, { label: t(lang, "count"), num: true }],
      o.failures.reasons.map(
        (r) =>
          html`<tr>
            <td>${r.reason}</td>
            <td class="num">${r.count}</td>
          </tr>`,
      ),
    )}
    <h2>${t(lang, "messages")}</h2>
    ${dataTable(
      "failures",
      [
        { label: t(lang, "when") },
        { label: t(lang, "message") },
        { label: t(lang, "receiver") },
        { label: t(lang, "reason") },
      ],
      o.failures.recent.slice(0, 50).map(
        (f) =>
          html`<tr>
            <td>${dateTime(lang, f.at)}</td>
            <td>${messageLink(f.id)}</td>
            <td>${party(f.receiver)}</td>
            <td>${f.reason}</td>
          </tr>`,
      ),
    )}`;
}

/** Parked outbox entries (issue 11, point 10); an id is shown short and escaped: it may be what broke the outbox. */
function parked(frame: Omit<Frame, "title">, entries: readonly ParkedEntry[]): Html {
  const { lang } = frame;
  if (entries.length === 0) return html``;
  return html`<h2>${t(lang, "parked")} (${entries.length})</h2>
    <p class="muted">${t(lang, "parkedHint")}</p>
    ${dataTable(
      "parked",
      [{ label: t(lang, "when") }, { label: t(lang, "message") }, { label: t(lang, "reason") }],
      entries.map(
        (p) =>
          html`<tr>
            <td>${p.at ? dateTime(lang, p.at) : ""}</td>
            <td>
              ${p.reason === "id-malformed" ? html`<span class="id">${shownValue(p.id)}</span>` : messageLink(p.id)}
            </td>
            <td data-reason="${p.reason}">parked:${p.reason}</td>
          </tr>`,
      ),
    )}`;
}

/** Acknowledgement deadlines that failed after every attempt (issue 17): their letters wait for an administrator. */
function failedDeadlines(frame: Omit<Frame, "title">, o: Overview): Html {
  const { lang } = frame;
  const deadlines = o.ackDeadlines;
  if (!deadlines || deadlines.failed === 0) return html``;
  return html`<h2>${t(lang, "failedDeadlines")} (${deadlines.failed})</h2>
    <p class="muted">${t(lang, "failedDeadlinesHint")}</p>
    ${dataTable(
      "failed-deadlines",
      [
        { label: t(lang, "when") },
        { label: t(lang, "message") },
        { label: t(lang, "sendNumber"), num: true },
        { label: t(lang, "reason") },
        { label: t(lang, "error") },
      ],
      deadlines.recentFailures.map(
        (d) =>
          html`<tr>
            <td>${dateTime(lang, d.at)}</td>
            <td>${messageLink(d.id)}</td>
            <td class="num">${d.send}</td>
            <td>${d.reason}</td>
            <td>${d.error}</td>
          </tr>`,
      ),
    )}`;
}

export function overviewPage(
  frame: Omit<Frame, "title">,
  o: Overview,
  parkedEntries: readonly ParkedEntry[] = [],
): Html {
  const { lang } = frame;
  return page(
    { ...frame, title: t(lang, "overview"), active: "overview", refreshSeconds: OVERVIEW_REFRESH_SECONDS },
    html`<p class="muted">${dateTime(lang, o.at)} · ${t(lang, "refreshes")}</p>
      <h2>${t(lang, "statusCounts")}</h2>
      ${counts(frame, o)} ${parked(frame, parkedEntries)} ${failedDeadlines(frame, o)}
      <h2>${t(lang, "backlog")}</h2>
      ${backlog(frame, o)}
      <h2>${t(lang, "failures24h")} (${o.failures.count})</h2>
      ${failures(frame, o)}`,
  );
}
