// Small pieces the console's pages share: a status badge, a party, a message link.
import { html } from "hono/html";
import type { PartyRef, Status } from "../../../domain/record.js";
import { healthLabel, statusLabel, type Lang } from "../i18n.js";
import type { Html } from "../layout.js";

export const statusBadge = (lang: Lang, status: Status) =>
  html`<span class="status status-${status}" data-status="${status}">${statusLabel(lang, status)}</span>`;

export const healthBadge = (lang: Lang, health: string) =>
  html`<span class="status health-${health}" data-health="${health}">${healthLabel(lang, health)}</span>`;

export const party = (p: PartyRef) => html`${p.name} <span class="muted id">${p.gln}</span>`;

/** The console page of one message. */
export const messagePath = (id: string) => `/admin/messages/${encodeURIComponent(id)}`;

export const messageLink = (id: string) => html`<a class="id" href="${messagePath(id)}">${id}</a>`;

export interface Column {
  label: string;
  /** Numbers are right-aligned. */
  num?: boolean;
}

/** A table of rows under a header row, scrolling sideways on a narrow screen. */
export const dataTable = (id: string, columns: readonly Column[], rows: readonly Html[]) =>
  html`<div class="scroll">
    <table id="${id}">
      <thead>
        <tr>
          ${columns.map((c) => (c.num ? html`<th class="num">${c.label}</th>` : html`<th>${c.label}</th>`))}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
