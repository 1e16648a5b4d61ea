// Issue 11, point 6, in a real headless Chromium: every narrative the checker ACCEPTS is put into a page the way a
// receiver's viewer shows it (innerHTML of the div, from FHIR JSON as sent and from FHIR XML as serialised), and
// nothing runs: no script, no dialog, no request outside the viewer's own origin, no link the browser reads as
// anything but http(s), mailto, tel or the page itself. Every bypass of the hostile corpus is REFUSED by the checker,
// and the harness is shown to catch a script that does run (a canary from the refused list).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { narrativeProblems } from "../../src/medcom/validate/narrative-checks.js";
import { parseXml, serializeElement } from "../../src/medcom/xml.js";
import { acceptedNarratives, refusedNarratives } from "../../test-fixtures/hostile/text.js";
import { launchChromium } from "../support/browser.js";

const VIEWER = "https://viewer.test/";
const VIEWER_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>viewer</title></head>
<body><div id="viewer"></div></body></html>`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

interface Shown {
  pwned: boolean;
  dialogs: number;
  outside: string[];
  links: string[];
}

/** Show a narrative as a viewer would and report what happened. */
async function show(div: string): Promise<Shown> {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  const outside: string[] = [];
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === VIEWER) return route.fulfill({ contentType: "text/html", body: VIEWER_PAGE });
    if (!url.startsWith(VIEWER)) outside.push(url);
    return route.abort();
  });
  await page.goto(VIEWER);
  // Strings, not functions: the project compiles without the DOM library, and this runs in the page.
  await page.evaluate(`document.getElementById("viewer").innerHTML = ${JSON.stringify(div)}`);
  await page.waitForTimeout(300);
  const result = await page.evaluate<{ pwned: boolean; links: string[] }>(`({
    pwned: window.__pwned !== undefined,
    links: [...document.querySelectorAll("#viewer [href], #viewer [src]")]
      .map((el) => new URL(el.href || el.src).protocol),
  })`);
  await context.close();
  return { ...result, dialogs, outside };
}

/** The div as an XML receiver gets it: parsed and written again by the gateway's XML writer. */
function asXml(div: string): string {
  const parsed = parseXml(div);
  if (!parsed.ok) throw new Error("accepted narratives are well-formed");
  return serializeElement(parsed.value);
}

describe("narratives in Chromium (issue 11, point 6)", () => {
  test.each(refusedNarratives)("the checker refuses: %s", (_name, div) => {
    expect(narrativeProblems(div).problems.length).toBeGreaterThan(0);
  });

  test("the harness sees a script that runs (canary: a refused narrative)", async () => {
    const canary = refusedNarratives.find(([name]) => name === "img onerror after a slash (HTML syntax, JSON only)");
    const shown = await show(canary?.[1] ?? "");
    expect(shown.pwned).toBe(true);
  });

  test.each(acceptedNarratives)("accepted and inert, as JSON and as XML: %s", async (_name, div) => {
    expect(narrativeProblems(div).problems).toEqual([]);
    for (const html of [div, asXml(div)]) {
      const shown = await show(html);
      expect(shown.pwned).toBe(false);
      expect(shown.dialogs).toBe(0);
      expect(shown.outside).toEqual([]);
      for (const protocol of shown.links) expect(["https:", "http:", "mailto:", "tel:"]).toContain(protocol);
    }
  });
});
