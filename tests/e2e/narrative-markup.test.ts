// Issue 13, in a real headless Chromium: each narrative of refusedJsonNarratives (a comment, CDATA section or
// processing instruction that HTML ends earlier than XML) runs script when a viewer puts the div into innerHTML, so
// refusing it is necessary; the checker refuses it. Those that end where HTML ends them are accepted and inert.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { narrativeProblems } from "../../src/medcom/validate/narrative-checks.js";
import { acceptedMarkupNarratives, refusedJsonNarratives } from "../../test-fixtures/hostile/text.js";
import { launchChromium } from "../support/browser.js";

const VIEWER = "https://viewer.test/";
const VIEWER_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="viewer"></div></body></html>';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Did script run when the div was shown as a viewer shows it (innerHTML)? */
async function runsScript(div: string): Promise<boolean> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await context.route("**/*", (route) =>
    route.request().url() === VIEWER ? route.fulfill({ contentType: "text/html", body: VIEWER_PAGE }) : route.abort(),
  );
  await page.goto(VIEWER);
  await page.evaluate(`document.getElementById("viewer").innerHTML = ${JSON.stringify(div)}`);
  await page.waitForTimeout(300);
  const pwned = await page.evaluate<boolean>("window.__pwned !== undefined");
  await context.close();
  return pwned;
}

describe("comments, CDATA and instructions in a narrative, in Chromium (issue 13)", () => {
  test.each(refusedJsonNarratives)("runs script, and is refused: %s", async (_name, div) => {
    expect(await runsScript(div)).toBe(true);
    expect(narrativeProblems(div).problems.length).toBeGreaterThan(0);
  });

  test.each(acceptedMarkupNarratives)("inert, and accepted: %s", async (_name, div) => {
    expect(await runsScript(div)).toBe(false);
    expect(narrativeProblems(div).problems).toEqual([]);
  });
});
