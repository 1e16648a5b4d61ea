// Starting a real gateway in the test process: the demo directory (plus any extra locations), a real Redis, its own
// key prefix, a free port. Requests go over real HTTP.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, inject } from "vitest";
import type { GatewayEnv } from "../../src/config/load.js";
import type { GatewayConfig } from "../../src/config/schema.js";
import type { Clock } from "../../src/domain/clock.js";
import { demoConfig } from "./config.js";
import { assertDocumented } from "./openapi-check.js";
import { projectRoot } from "./shared.js";
import { newKeyringFile, writeKeyringFile } from "../../src/crypto/keyring.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { startGateway, type Role, type RunningGateway } from "../../src/main.js";

export { demoConfig };

export const KEYS = {
  ppr: "demo-ppr-gribskov-key",
  gp: "demo-gp-helsinge-key",
  bup: "demo-bup-hilleroed-key",
  admin: "demo-ops-admin-key",
} as const;

/** The bearer token test gateways require on /metrics (issue 11, point 16). */
export const METRICS_TOKEN = "test-metrics-token-0123456789abcdef";

export const GLN = {
  ppr: "5790001348120",
  gp: "5790000209354",
  bup: "5790001382445",
} as const;

/** A valid GLN from twelve digits: the GS1 mod-10 check digit appended. */
export function glnFrom(twelve: string): string {
  const sum = [...twelve].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

export interface TestGateway {
  url: string;
  /** The encryption keyring this gateway uses (share it with other processes on the same prefix). */
  keyringPath: string;
  prefix: string;
  redisUrl: string;
  running: RunningGateway;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  stop(): Promise<void>;
}

export interface RequestOptions {
  key?: string;
  json?: unknown;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface TestGatewayOptions {
  log?: Logger;
  keyringPath?: string;
  config?: GatewayConfig;
  role?: Role;
  redisUrl?: string;
  prefix?: string;
  env?: Partial<GatewayEnv>;
  retryBaseDelayMs?: number;
  /** The gateway's clock (tests/support/clock.ts: offsetClock, moved on with advanceClock in clock-travel.ts). */
  clock?: Clock;
}

/** A fresh keyring in a temporary directory. */
export function newTestKeyring(): string {
  const path = join(mkdtempSync(join(tmpdir(), "mg-keys-")), "keyring.json");
  writeKeyringFile(path, newKeyringFile());
  return path;
}

export function uniquePrefix(): string {
  return `{t${randomBytes(5).toString("hex")}}`;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const redisUrl = options.redisUrl ?? inject("redisUrl");
  const prefix = options.prefix ?? uniquePrefix();
  const keyringPath = options.keyringPath ?? newTestKeyring();
  const running = await startGateway({
    env: {
      port: 0,
      redisUrl,
      configPath: "(test)",
      dataDir: mkdtempSync(join(tmpdir(), "mg-data-")),
      logLevel: "silent",
      maxBodyBytes: 4 * 1024 * 1024,
      keyPrefix: prefix,
      encryptionKeyFile: keyringPath,
      metricsToken: METRICS_TOKEN,
      // Running the suite against a non-durable REDIS_URL of your own needs the opt-out (issue 12, point 2).
      ...(process.env.GATEWAY_ACCEPT_REDIS_DATA_LOSS === "1" ? { acceptRedisDataLoss: true } : {}),
      ...options.env,
    },
    config: options.config ?? demoConfig(),
    role: options.role ?? "all",
    log: options.log ?? silentLogger(),
    retryBaseDelayMs: options.retryBaseDelayMs ?? 50,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = `http://127.0.0.1:${running.port ?? 0}`;
  return {
    url,
    keyringPath,
    prefix,
    redisUrl,
    running,
    stop: () => running.stop(),
    request: (method, path, o = {}) => send(url, method, path, o),
  };
}

export async function send(url: string, method: string, path: string, o: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.Authorization = `Bearer ${o.key}`;
  let body: string | Uint8Array | undefined = o.body;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers["Content-Type"] = "application/json";
  }
  if (o.contentType) headers["Content-Type"] = o.contentType;
  const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  await assertDocumented(method, path, response);
  return response;
}

/** Poll until `check` returns a value (not undefined), or fail after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Wait until a message reaches one of the given statuses; returns its record. */
export async function waitForStatus(
  gateway: TestGateway,
  id: string,
  statuses: readonly string[],
  key: string = KEYS.admin,
  timeoutMs = 15_000,
): Promise<MessageJson> {
  return eventually(
    async () => {
      const response = await gateway.request("GET", `/v1/messages/${id}`, { key });
      const record = (await response.json()) as MessageJson;
      return statuses.includes(record.status) ? record : undefined;
    },
    timeoutMs,
    `message ${id} to be ${statuses.join("/")}`,
  );
}

export interface MessageJson {
  id: string;
  kind: string;
  resends: number;
  acknowledgement?: { id: string; code: string; at: string; issues: { code: string; message: string }[] };
  bundleId: string;
  thread?: string;
  status: string;
  sender: { gln: string; name: string };
  receiver: { gln: string; name: string };
  deliveryAttempts: number;
  failureReason?: string;
  events: { at: string; type: string; detail?: Record<string, string | number> }[];
}

/** A raw Redis client on the test Redis, for looking behind the API. */
export function rawRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  return redis;
}

/** Post a compose request (the demo letter from PPR Gribskov to Lægerne i Helsinge, with overrides); its id. */
export async function submitLetter(
  gateway: TestGateway,
  key: string = KEYS.ppr,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; thread: string }> {
  const letter = JSON.parse(
    readFileSync(join(projectRoot, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8"),
  ) as object;
  const response = await gateway.request("POST", "/v1/messages", { key, json: { ...letter, ...overrides } });
  const body = (await response.json()) as { id: string; thread: string };
  if (response.status !== 202) throw new Error(`submit answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** The receiving system acknowledges a message in its mailbox. */
export async function acknowledge(
  gateway: TestGateway,
  key: string,
  gln: string,
  id: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await gateway.request("POST", `/v1/mailboxes/${gln}/messages/${id}/acknowledgement`, {
    key,
    json: body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `eventually` for a check that needs no waiting of its own (the file system, a receiver's record). */
export const until = <T>(check: () => T | undefined, timeoutMs?: number): Promise<T> =>
  eventually(() => Promise.resolve(check()), timeoutMs);

/**
 * The gateway of one test file: started before its tests, stopped after them. The returned object stands for it (its
 * members read the running gateway), so tests use it as they would a TestGateway.
 */
export function gatewayForFile(options: TestGatewayOptions = {}): TestGateway {
  let current: TestGateway | undefined;
  beforeAll(async () => {
    current = await startTestGateway(options);
  });
  afterAll(async () => {
    await current?.stop();
  });
  const running = (): TestGateway => {
    if (!current) throw new Error("the file's gateway is not running (use it inside a test)");
    return current;
  };
  return {
    get url() {
      return running().url;
    },
    get keyringPath() {
      return running().keyringPath;
    },
    get prefix() {
      return running().prefix;
    },
    get redisUrl() {
      return running().redisUrl;
    },
    get running() {
      return running().running;
    },
    request: (method, path, o) => running().request(method, path, o),
    stop: () => running().stop(),
  };
}

/** Rate limits count per clock minute: a test that fills a window waits out a minute about to turn. */
export async function awayFromMinuteTurn(): Promise<void> {
  const toNextMinute = 60_000 - (Date.now() % 60_000);
  if (toNextMinute < 3000) await new Promise((r) => setTimeout(r, toNextMinute + 50));
}
