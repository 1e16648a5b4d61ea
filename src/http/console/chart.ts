// A small horizontal bar chart as inline SVG (no script, no library): per receiver, answered and unanswered letters.
import { html } from "hono/html";
import type { Html } from "./layout.js";

export interface Bar {
  label: string;
  answered: number;
  unanswered: number;
}

const ROW = 24;
const LABEL_WIDTH = 260;
const BAR_WIDTH = 520;

export function replyChart(
  bars: readonly Bar[],
  title: string,
  legend: { answered: string; unanswered: string },
): Html {
  const max = Math.max(1, ...bars.map((b) => b.answered + b.unanswered));
  const scale = (n: number) => (n / max) * BAR_WIDTH;
  const height = bars.length * ROW + 30;
  return html`<svg
    class="chart"
    role="img"
    aria-label="${title}"
    viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}"
    width="100%"
  >
    <title>${title}</title>
    ${bars.map((b, i) => {
      const y = i * ROW + 4;
      const answered = scale(b.answered);
      return html`<g data-receiver="${b.label}">
        <text x="0" y="${y + 14}">${b.label}</text>
        <rect class="answered" x="${LABEL_WIDTH}" y="${y}" width="${answered}" height="${ROW - 8}">
          <title>${legend.answered}: ${b.answered}</title>
        </rect>
        <rect
          class="unanswered"
          x="${LABEL_WIDTH + answered}"
          y="${y}"
          width="${scale(b.unanswered)}"
          height="${ROW - 8}"
        >
          <title>${legend.unanswered}: ${b.unanswered}</title>
        </rect>
        <text x="${LABEL_WIDTH + scale(b.answered + b.unanswered) + 6}" y="${y + 14}"
          >${b.answered}/${b.answered + b.unanswered}</text
        >
      </g>`;
    })}
    <g transform="translate(${LABEL_WIDTH}, ${bars.length * ROW + 12})">
      <rect class="answered" width="12" height="12"></rect>
      <text x="18" y="11">${legend.answered}</text>
      <rect class="unanswered" x="140" width="12" height="12"></rect>
      <text x="158" y="11">${legend.unanswered}</text>
    </g>
  </svg>`;
}
