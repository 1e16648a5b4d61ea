// Times and durations as the console shows them: Danish local time (Europe/Copenhagen), whatever the server's zone.
import type { Lang } from "./i18n.js";

const formats: Record<Lang, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat("da-DK", { timeZone: "Europe/Copenhagen", dateStyle: "short", timeStyle: "medium" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Copenhagen", dateStyle: "short", timeStyle: "medium" }),
};

export function dateTime(lang: Lang, iso: string | undefined): string {
  if (!iso) return "–";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formats[lang].format(ms);
}

const UNITS: readonly { seconds: number; da: string; en: string }[] = [
  { seconds: 86400, da: "d", en: "d" },
  { seconds: 3600, da: "t", en: "h" },
  { seconds: 60, da: "min", en: "min" },
  { seconds: 1, da: "s", en: "s" },
];

/** A duration in its largest whole unit and the next one ("2 t 5 min", "40 s"). */
export function duration(lang: Lang, totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  const parts: string[] = [];
  for (const unit of UNITS) {
    const n = Math.floor(rest / unit.seconds);
    if (n > 0 || (unit.seconds === 1 && parts.length === 0)) parts.push(`${n} ${unit[lang]}`);
    rest -= n * unit.seconds;
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
