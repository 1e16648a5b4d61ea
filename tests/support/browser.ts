// A real headless Chromium for the console's browser tests: Debian's `chromium` (installed by .ci/run) driven by
// playwright-core, which brings no browser of its own. Screenshots go to test-artifacts/ (kept by CI, not in git).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { projectRoot } from "./shared.js";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export const artifactsDir = join(projectRoot, "test-artifacts", "e2e");

export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((p): p is string => p !== undefined && existsSync(p));
  if (!executablePath)
    throw new Error(
      "Chromium is not installed: `apt-get install chromium` (or set CHROMIUM_PATH); .ci/run installs it.",
    );
  return chromium.launch({
    executablePath,
    headless: true,
    // The machine has no outside network: keep Chromium from trying to reach Google's services at every start.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Save a full-page screenshot as test-artifacts/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
