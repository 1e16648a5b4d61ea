// One message: its facts, its acknowledgement, the actions its status allows (each asks for confirmation), and its
// timeline — every event and delivery attempt with its reason. Refreshes itself while the message is on its way.
import { html } from "hono/html";
import { allowedActions, type AdminSendAction } from "../../../usecases/admin/send-again.js";
import type { MessageView } from "../../../usecases/read/read-message.js";
import { dateTime } from "../format.js";
import { eventLabel, t, type Lang } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { dataTable, messageLink, messagePath, party, statusBadge } from "./parts.js";

const IN_FLIGHT_REFRESH_SECONDS = 2;

const detailText = (detail: Record<string, string | number> | undefined) =>
  Object.entries(detail ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(" · ");

function facts(lang: Lang, m: MessageView): Html {
  return html`<dl class="facts" id="facts">
    <dt>MessageHeader.id</dt>
    <dd class="id">${m.id}</dd>
    <dt>${t(lang, "status")}</dt>
    <dd id="status">${statusBadge(lang, m.status)}</dd>
    <dt>${t(lang, "kind")}</dt>
    <dd>${m.kind}${m.acknowledges ? html` → ${messageLink(m.acknowledges)}` : ""}</dd>
    <dt>${t(lang, "sender")}</dt>
    <dd>${party(m.sender)}</dd>
    <dt>${t(lang, "receiver")}</dt>
    <dd>${party(m.receiver)}</dd>
    <dt>${t(lang, "category")}</dt>
    <dd>${m.category ?? "–"}</dd>
    <dt>${t(lang, "thread")}</dt>
    <dd class="id">${m.thread ?? "–"}</dd>
    <dt>${t(lang, "bundleId")}</dt>
    <dd class="id">${m.bundleId}</dd>
    <dt>${t(lang, "created")}</dt>
    <dd>${dateTime(lang, m.createdAt)}</dd>
    <dt>${t(lang, "updated")}</dt>
    <dd>${dateTime(lang, m.updatedAt)}</dd>
    <dt>${t(lang, "attempts")}</dt>
    <dd>${m.deliveryAttempts}</dd>
    <dt>${t(lang, "resends")}</dt>
    <dd>${m.resends}</dd>
    ${
      m.failureReason
        ? html`<dt>${t(lang, "failureReason")}</dt>
            <dd id="failure-reason">${m.failureReason}</dd>`
        : ""
    }
  </dl>`;
}

function acknowledgement(lang: Lang, m: MessageView): Html {
  if (m.kind === "acknowledgement") return html``;
  const ack = m.acknowledgement;
  return html`<h2>${t(lang, "acknowledgement")}</h2>
    ${
      ack
        ? html`<dl class="facts" id="acknowledgement">
            <dt>code</dt>
            <dd><strong>${ack.code}</strong></dd>
            <dt>${t(lang, "when")}</dt>
            <dd>${dateTime(lang, ack.at)}</dd>
            <dt>id</dt>
            <dd>${messageLink(ack.id)}</dd>
            ${ack.issues.map(
              (i) =>
                html`<dt><code>${i.code}</code></dt>
                  <dd>${i.message}</dd>`,
            )}
          </dl>`
        : html`<p class="muted">${t(lang, "noAcknowledgement")}</p>`
    }`;
}

function actions(lang: Lang, m: MessageView): Html {
  const allowed = allowedActions(m);
  return html`<h2>${t(lang, "actions")}</h2>
    ${
      allowed.length === 0
        ? html`<p class="muted">${t(lang, "noActions")}</p>`
        : html`<div class="actions">
            ${allowed.map(
              (a) =>
                html`<a class="button" id="action-${a}" href="${messagePath(m.id)}/${a}">${t(lang, a)}…</a>
                  <span class="muted">${t(lang, a === "retry" ? "retryHint" : "resendHint")}</span>`,
            )}
          </div>`
    }`;
}

function timeline(lang: Lang, m: MessageView): Html {
  return html`<h2>${t(lang, "timeline")}</h2>
    ${dataTable(
      "timeline",
      [{ label: t(lang, "when") }, { label: t(lang, "event") }, { label: t(lang, "details") }],
      m.events.map(
        (e) =>
          html`<tr data-event="${e.type}">
            <td>${dateTime(lang, e.at)}</td>
            <td>${eventLabel(lang, e.type)}</td>
            <td>${detailText(e.detail)}</td>
          </tr>`,
      ),
    )}`;
}

export function messagePage(frame: Omit<Frame, "title">, m: MessageView, done?: AdminSendAction): Html {
  const { lang } = frame;
  const inFlight = m.status === "accepted" || m.status === "queued";
  return page(
    {
      ...frame,
      title: `${t(lang, "message")} ${m.id}`,
      active: "messages",
      ...(inFlight ? { refreshSeconds: IN_FLIGHT_REFRESH_SECONDS } : {}),
    },
    html`${
      done
        ? html`<p class="notice" role="status">
            ${t(lang, done === "retry" ? "doneRetry" : "doneResend")} ${t(lang, "audited")}
          </p>`
        : ""
    }
    ${facts(lang, m)} ${acknowledgement(lang, m)} ${actions(lang, m)} ${timeline(lang, m)}`,
  );
}
