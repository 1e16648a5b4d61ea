// The confirmation step of an administrator's action: what will happen to which message, then a POST carrying the
// session's CSRF token.
import { html } from "hono/html";
import type { AdminSendAction } from "../../../usecases/admin/send-again.js";
import type { MessageView } from "../../../usecases/read/read-message.js";
import { t } from "../i18n.js";
import { page, type Frame, type Html } from "../layout.js";
import { messagePath, party, statusBadge } from "./parts.js";

export function confirmPage(frame: Omit<Frame, "title">, m: MessageView, action: AdminSendAction, csrf: string): Html {
  const { lang } = frame;
  const self = messagePath(m.id);
  return page(
    { ...frame, title: t(lang, action === "retry" ? "confirmRetry" : "confirmResend"), active: "messages" },
    html`<dl class="facts">
        <dt>MessageHeader.id</dt>
        <dd class="id">${m.id}</dd>
        <dt>${t(lang, "status")}</dt>
        <dd>${statusBadge(lang, m.status)}</dd>
        <dt>${t(lang, "sender")}</dt>
        <dd>${party(m.sender)}</dd>
        <dt>${t(lang, "receiver")}</dt>
        <dd>${party(m.receiver)}</dd>
      </dl>
      <p>${t(lang, action === "retry" ? "retryHint" : "resendHint")} ${t(lang, "audited")}</p>
      <form method="post" action="${self}/${action}" class="actions">
        <input type="hidden" name="csrf" value="${csrf}" />
        <button type="submit" id="confirm">${t(lang, "confirmYes")}</button>
        <a class="button secondary" href="${self}">${t(lang, "cancel")}</a>
      </form>`,
  );
}
