// The end-to-end bench's set-up (bench/e2e-http.ts, issue 17 point 3) does what its figures claim: the gateway as
// deployed (an api process and a worker process on their own Redis) accepts the mix's letters over HTTP and delivers
// them into mailboxes, and the floor's processes accept the same letters and complete an id-only job for each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { floor, gateway, type System } from "../../../bench/e2e-http.js";
import { mixRequests } from "../../../bench/e2e-http/load.js";

let system: System | undefined;
let dir: string | undefined;

afterEach(async () => {
  await system?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  system = undefined;
});

async function sendMix(origin: string): Promise<number[]> {
  const requests = mixRequests();
  // One text letter and the one carrying the 200 KB PDF.
  const chosen = [requests[0], requests[requests.length - 1]];
  const statuses: number[] = [];
  for (const r of chosen) {
    if (!r) throw new Error("the mix has ten requests");
    const response = await fetch(`${origin}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe("the end-to-end bench's processes", () => {
  it.each([
    ["the gateway (serve --role api + serve --role worker)", gateway],
    ["the floor (bare Hono endpoint + BullMQ worker)", floor],
  ])(
    "%s accepts the mix's letters over HTTP and completes each",
    async (_name, start) => {
      dir = mkdtempSync(join(tmpdir(), "mg-e2e-test-"));
      system = await start(dir);
      expect(await system.done()).toBe(0);
      expect(await sendMix(system.origin)).toEqual([202, 202]);
      const running = system;
      expect(await until(async () => (await running.done()) === 2)).toBe(true);
    },
    120_000,
  );
});
