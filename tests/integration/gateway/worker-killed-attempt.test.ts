// Issue 12, point 5: a worker killed (SIGKILL) while a webhook receiver is still answering. The job is taken over by
// another worker and the letter is sent again, at least once: the repeat is told it is attempt 2 (BullMQ's own count
// starts again for a stalled job), with the same MessageHeader.id, Bundle.id and body.
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../support/shared.js";
import {
  demoConfig,
  eventually,
  glnFrom,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { spawnGateway, type GatewayProcess } from "../../support/process.js";
import { webhookLocation } from "../../support/receivers.js";

const WEBHOOK_GLN = glnFrom("579000012002");

/** A receiver that never answers its first request (the worker dies while waiting) and answers 200 after that. */
const calls: { headers: IncomingHttpHeaders; body: string }[] = [];
const held: ServerResponse[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    if (calls.length === 1) held.push(res);
    else res.end();
  });
});

let api: TestGateway;
let configFile: string;
const workers: GatewayProcess[] = [];
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/medcom`;
  const location = webhookLocation(WEBHOOK_GLN, "100000000000022", url);
  // The worker processes read the same directory from a file: the demo configuration plus the webhook location.
  const raw = JSON.parse(readFileSync(join(projectRoot, "config/gateway.json"), "utf8")) as { locations: unknown[] };
  configFile = join(mkdtempSync(join(tmpdir(), "mg-conf-")), "gateway.json");
  writeFileSync(configFile, JSON.stringify({ ...raw, locations: [...raw.locations, location] }));
  api = await startTestGateway({ role: "api", config: demoConfig({ locations: [location] }) });
});
afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await api.stop();
});

const startWorker = () => {
  const worker = spawnGateway(["serve", "--role", "worker"], {
    REDIS_URL: api.redisUrl,
    GATEWAY_KEY_PREFIX: api.prefix,
    GATEWAY_ENCRYPTION_KEY_FILE: api.keyringPath,
    GATEWAY_CONFIG: configFile,
  });
  workers.push(worker);
  return worker;
};

describe("a worker killed in the middle of a webhook delivery", () => {
  it("sends the letter again as attempt 2, with the same ids and body", async () => {
    const { id } = await submitLetter(api, undefined, { receiver: WEBHOOK_GLN });
    const first = startWorker();
    await eventually(() => Promise.resolve(calls.length >= 1 ? true : undefined), 60_000, "the first attempt");
    first.child.kill("SIGKILL");
    await first.exited;

    startWorker();
    const record = await waitForStatus(api, id, ["delivered"], undefined, 90_000);
    expect(calls.map((c) => c.headers["x-gateway-attempt"])).toEqual(["1", "2"]);
    expect(new Set(calls.map((c) => c.headers["x-gateway-message-id"]))).toEqual(new Set([id]));
    expect(new Set(calls.map((c) => c.headers["x-gateway-bundle-id"]))).toEqual(new Set([record.bundleId]));
    expect(calls[1]?.body).toBe(calls[0]?.body);
    // The attempt that died recorded nothing; the one that delivered says which it was.
    expect(record.events.filter((e) => e.type === "delivery-attempt").map((e) => e.detail?.attempt)).toEqual([2]);
  }, 150_000);
});
