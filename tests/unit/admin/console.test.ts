import { describe, expect, test } from "vitest";
import type { MessageRecord, Status } from "../../../src/domain/record.js";
import { replyChart } from "../../../src/http/console/chart.js";
import { dateTime, duration } from "../../../src/http/console/format.js";
import { pickLang, t } from "../../../src/http/console/i18n.js";
import { safeNext } from "../../../src/http/console/session.js";
import { instantOf } from "../../../src/http/query.js";
import { allowedActions } from "../../../src/usecases/admin/send-again.js";

// The console offers the actions the use case allows (one rule table, send-again.ts).
const actionsFor = (m: { status: Status; kind: MessageRecord["kind"] }) => allowedActions({ id: "m1", ...m });

describe("language", () => {
  test("an explicit choice wins, else the browser's first of Danish and English, else Danish", () => {
    expect(pickLang("en", "da")).toBe("en");
    expect(pickLang(undefined, "en-GB,en;q=0.9,da;q=0.8")).toBe("en");
    expect(pickLang(undefined, "de-DE,da;q=0.5")).toBe("da");
    expect(pickLang(undefined, undefined)).toBe("da");
    expect(pickLang("fr", "fr")).toBe("da");
    expect(t("da", "overview")).toBe("Overblik");
    expect(t("en", "overview")).toBe("Overview");
  });
});

describe("times", () => {
  test("are shown in Danish local time whatever the server's zone", () => {
    expect(dateTime("da", "2026-12-02T11:00:00Z")).toBe("02.12.2026, 12.00.00");
    expect(dateTime("en", "2026-07-01T11:00:00Z")).toBe("01/07/2026, 13:00:00");
    expect(dateTime("da", undefined)).toBe("–");
  });

  test("a time without a zone is Danish wall-clock time, winter (+01:00) or summer (+02:00)", () => {
    expect(instantOf("2026-01-15T10:00").toISOString()).toBe("2026-01-15T09:00:00.000Z");
    expect(instantOf("2026-07-15T10:00").toISOString()).toBe("2026-07-15T08:00:00.000Z");
    expect(instantOf("2026-07-15").toISOString()).toBe("2026-07-14T22:00:00.000Z");
    expect(instantOf("2026-07-15T10:00:00Z").toISOString()).toBe("2026-07-15T10:00:00.000Z");
  });

  test("durations use their two largest units", () => {
    expect(duration("da", 0)).toBe("0 s");
    expect(duration("da", 40)).toBe("40 s");
    expect(duration("da", 3 * 3600 + 5 * 60 + 9)).toBe("3 t 5 min");
    expect(duration("en", 2 * 86400 + 3600)).toBe("2 d 1 h");
  });
});

describe("after sign-in", () => {
  test("only a console path of this site is followed", () => {
    expect(safeNext("/admin/messages?status=failed")).toBe("/admin/messages?status=failed");
    expect(safeNext("/admin")).toBe("/admin");
    for (const bad of [
      "//evil.example",
      "https://evil.example/admin",
      "/administrator",
      "/v1/admin",
      "/admin\\x",
      undefined,
    ])
      expect(safeNext(bad)).toBe("/admin");
  });
});

describe("actions", () => {
  test("a failed message can be retried; a delivered letter resent; an acknowledgement never resent", () => {
    expect(actionsFor({ status: "failed", kind: "new" })).toEqual(["retry"]);
    expect(actionsFor({ status: "failed", kind: "acknowledgement" })).toEqual(["retry"]);
    expect(actionsFor({ status: "delivered", kind: "reply" })).toEqual(["resend"]);
    expect(actionsFor({ status: "delivered", kind: "acknowledgement" })).toEqual([]);
    expect(actionsFor({ status: "acknowledged", kind: "new" })).toEqual([]);
    expect(actionsFor({ status: "queued", kind: "new" })).toEqual([]);
  });
});

describe("reply chart", () => {
  test("bars are proportional to the letters, answered then unanswered, names escaped", async () => {
    const svg = String(
      await replyChart(
        [
          { label: "A & <B>", answered: 3, unanswered: 1 },
          { label: "C", answered: 0, unanswered: 2 },
        ],
        "title",
        { answered: "answered", unanswered: "unanswered" },
      ),
    );
    expect(svg).toContain("A &amp; &lt;B&gt;");
    const widths = [
      ...svg.matchAll(/<rect\s+class="(answered|unanswered)"\s+x="[\d.]+"\s+y="\d+"\s+width="([\d.]+)"/g),
    ].map((m) => [m[1], Number(m[2])]);
    expect(widths).toEqual([
      ["answered", 390],
      ["unanswered", 130],
      ["answered", 0],
      ["unanswered", 260],
    ]);
  });
});
