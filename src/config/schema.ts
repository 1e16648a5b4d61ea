// The configuration file (CONTRACT.md §1), checked once at start with ALL errors reported together, each naming its
// key by JSON pointer. Adding a key is one line in a table below.
import { isValidGln, isValidSor } from "../medcom/identifiers.js";
import { createHash, randomBytes } from "node:crypto";
import { error, warning, type Issue, type Result } from "../util/issues.js";
import { DEMO_KEY_REFUSED, DEMO_REFUSED, isPublishedDemoKey } from "./demo.js";
import { overlappingDropFolders } from "./drop-folders.js";
import { parseRegionalPolicy, REGIONAL_POLICY_KEYS, type RegionalPolicy } from "./regional.js";
import { webhookUrlProblem } from "../util/webhook-url.js";

export const LOCATION_KINDS = ["gp", "ppr", "child-psychiatry", "municipality", "hospital", "other"] as const;
export const FORMATS = ["application/fhir+xml", "application/fhir+json"] as const;
export const ROLES = ["send", "receive", "admin"] as const;

export type LocationKind = (typeof LOCATION_KINDS)[number];
export type Format = (typeof FORMATS)[number];

export type Delivery =
  | { adapter: "mailbox" }
  | { adapter: "webhook"; url: string; secret: string; signature?: "pkcs7" }
  | { adapter: "file-drop"; dir: string; inbox?: string };

export interface LocationConfig {
  gln: string;
  sor: string;
  name: string;
  kind: LocationKind;
  municipality?: string;
  formats: Format[];
  delivery: Delivery;
}

export interface ClientConfig {
  id: string;
  /** SHA-256 of the API key, hex: the configuration never needs the key itself. */
  keyHash: string;
  /** The key was given in plaintext (`apiKey`): allowed with a warning, refused in production. */
  plaintextKey: boolean;
  locations: string[];
  roles: (typeof ROLES)[number][];
  /** Requests per minute before 429 (default DEFAULT_REQUESTS_PER_MINUTE). */
  requestsPerMinute: number;
  /**
   * With mutual TLS: the client certificate that identifies this client (SHA-256 fingerprint or subject serial). A
   * client with an API key as well needs both on every request (issue 11, point 15): either alone is refused.
   */
  certificate?: { sha256?: string; subjectSerial?: string };
  /** Known by its certificate alone (no API key configured): the certificate is enough. */
  certificateOnly?: boolean;
}

/** Generous for a journal system's bursts, low enough to stop a runaway client starving the others. */
export const DEFAULT_REQUESTS_PER_MINUTE = 30_000;

export interface ConfigOptions {
  /** NODE_ENV=production: plaintext API keys are errors, not warnings. */
  production?: boolean;
}

export interface Policy {
  ackTimeoutMinutes: number;
  maxResends: number;
  deliveryAttempts: number;
  retentionDays: number;
  /** Issue 12, point 4: a letter to a webhook or file-drop receiver not delivered this long after acceptance fails
   *  with the reason; until then a receiver that is down only makes its letters wait. */
  deliveryWindowHours: number;
  /** Retryable failures in a row that mark a receiving location down (its circuit breaker opens). */
  breakerFailures: number;
  /** How long a location stays marked down before a probe; doubled after each failed probe, up to the maximum. */
  breakerOpenMinutes: number;
  breakerMaxOpenMinutes: number;
}

export interface GatewayConfig {
  locations: LocationConfig[];
  clients: ClientConfig[];
  policy: Policy;
  /** The regional rules (`policy.reportOfConcern`, `policy.acuteLetters`; regional.ts). Absent: the defaults. */
  regional?: RegionalPolicy;
}

/** MedCom's reliable-messaging defaults (DOMAIN.md §2.9: KR7 30 minutes, MR5/MR6 at most 3 resends). */
export const DEFAULT_POLICY: Policy = {
  ackTimeoutMinutes: 30,
  maxResends: 3,
  deliveryAttempts: 8,
  retentionDays: 30,
  deliveryWindowHours: 48,
  breakerFailures: 5,
  breakerOpenMinutes: 0.5,
  breakerMaxOpenMinutes: 10,
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

class Collector {
  readonly issues: Issue[] = [];
  constructor(readonly options: ConfigOptions = {}) {}
  add(path: string, message: string): void {
    this.issues.push(error("config", path, message));
  }
  warn(path: string, message: string): void {
    this.issues.push(warning("config", path, message));
  }
  keys(value: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.add(`${path}/${key}`, `unknown key "${key}"`);
  }
  text(value: Json, key: string, path: string, required = true): string | undefined {
    const v = value[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string" || v.trim() === "") {
      this.add(`${path}/${key}`, `${key} must be a non-empty string`);
      return undefined;
    }
    return v;
  }
  list(value: Json, key: string, path: string): unknown[] {
    const v = value[key];
    if (!Array.isArray(v)) {
      this.add(`${path}/${key}`, `${key} must be a list`);
      return [];
    }
    return v;
  }
}

export function parseGatewayConfig(input: unknown, options: ConfigOptions = {}): Result<GatewayConfig> {
  const c = new Collector(options);
  if (!isObject(input)) return { ok: false, issues: [error("config", "", "the configuration must be a JSON object")] };
  c.keys(input, ["demo", "locations", "clients", "policy"], "");
  // The demo marker (issue 11, point 9): a demonstration registry never runs in production.
  if (input.demo !== undefined && typeof input.demo !== "boolean") c.add("/demo", "demo must be true or false");
  if (input.demo === true && options.production) c.add("/demo", DEMO_REFUSED);
  const locations = c.list(input, "locations", "").map((l, i) => location(c, l, `/locations/${i}`));
  const glns = new Set<string>();
  locations.forEach((l, i) => {
    if (l && glns.has(l.gln)) c.add(`/locations/${i}/gln`, `GLN ${l.gln} is listed twice`);
    if (l) glns.add(l.gln);
  });
  for (const [at, message] of overlappingDropFolders(locations)) c.add(at, message);
  const clients = c.list(input, "clients", "").map((cl, i) => client(c, cl, `/clients/${i}`, glns));
  const ids = new Set<string>();
  const keys = new Set<string>();
  clients.forEach((cl, i) => {
    if (cl && ids.has(cl.id)) c.add(`/clients/${i}/id`, `client id ${cl.id} is used twice`);
    if (cl && keys.has(cl.keyHash)) c.add(`/clients/${i}/apiKey`, "two clients have the same API key");
    if (cl && options.production && isPublishedDemoKey(cl.keyHash, hashApiKey))
      c.add(`/clients/${i}/${cl.plaintextKey ? "apiKey" : "apiKeySha256"}`, DEMO_KEY_REFUSED);
    if (cl) {
      ids.add(cl.id);
      keys.add(cl.keyHash);
    }
  });
  const policy = parsePolicy(c, input.policy);
  const regional = parseRegionalPolicy(isObject(input.policy) ? input.policy : undefined, (p, m) => c.add(p, m));
  if (c.issues.some((i) => i.severity === "error")) return { ok: false, issues: c.issues };
  return {
    ok: true,
    value: {
      locations: locations.filter((l): l is LocationConfig => l !== undefined),
      clients: clients.filter((cl): cl is ClientConfig => cl !== undefined),
      policy,
      regional,
    },
    issues: c.issues,
  };
}

function location(c: Collector, value: unknown, path: string): LocationConfig | undefined {
  if (!isObject(value)) return void c.add(path, "a location is an object");
  c.keys(value, ["gln", "sor", "name", "kind", "municipality", "formats", "delivery"], path);
  const gln = c.text(value, "gln", path);
  if (gln !== undefined && !isValidGln(gln)) c.add(`${path}/gln`, "gln must be 13 digits with a valid GS1 check digit");
  const sor = c.text(value, "sor", path);
  if (sor !== undefined && !isValidSor(sor)) c.add(`${path}/sor`, "sor must be at least 11 digits");
  const name = c.text(value, "name", path);
  const kind = c.text(value, "kind", path);
  if (kind !== undefined && !(LOCATION_KINDS as readonly string[]).includes(kind)) {
    c.add(`${path}/kind`, `kind must be one of ${LOCATION_KINDS.join(", ")}`);
  }
  const municipality = c.text(value, "municipality", path, false);
  const formats = c.list(value, "formats", path);
  if (formats.length === 0) c.add(`${path}/formats`, "formats must list at least one media type");
  formats.forEach((f, i) => {
    if (!(FORMATS as readonly unknown[]).includes(f))
      c.add(`${path}/formats/${i}`, `format must be one of ${FORMATS.join(", ")}`);
  });
  const delivery = parseDelivery(c, value.delivery, `${path}/delivery`);
  if (gln === undefined || sor === undefined || name === undefined || kind === undefined || !delivery) return undefined;
  return {
    gln,
    sor,
    name,
    kind: kind as LocationKind,
    ...(municipality !== undefined ? { municipality } : {}),
    formats: formats as Format[],
    delivery,
  };
}

function parseDelivery(c: Collector, value: unknown, path: string): Delivery | undefined {
  if (!isObject(value)) return void c.add(path, "delivery must be an object with an adapter");
  switch (value.adapter) {
    case "mailbox":
      c.keys(value, ["adapter"], path);
      return { adapter: "mailbox" };
    case "webhook": {
      c.keys(value, ["adapter", "url", "secret", "signature"], path);
      // "pkcs7": also a detached PKCS#7 signature with the gateway's certificate (the HMAC is always there).
      const signature = value.signature;
      if (signature !== undefined && signature !== "pkcs7") c.add(`${path}/signature`, 'signature may only be "pkcs7"');
      const url = c.text(value, "url", path);
      if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) c.add(`${path}/url`, "url must be an http(s) URL");
      else if (url !== undefined && webhookUrlProblem(url)) c.add(`${path}/url`, webhookUrlProblem(url) ?? "");
      const secret = c.text(value, "secret", path);
      if (secret !== undefined && secret.length < 16) c.add(`${path}/secret`, "secret must be at least 16 characters");
      return url && secret
        ? { adapter: "webhook", url, secret, ...(signature === "pkcs7" ? { signature: "pkcs7" as const } : {}) }
        : undefined;
    }
    case "file-drop": {
      c.keys(value, ["adapter", "dir", "inbox"], path);
      const dir = c.text(value, "dir", path);
      // Where the location's system drops messages for the gateway to send (answered like any receiver would).
      const inbox = c.text(value, "inbox", path, false);
      if (inbox !== undefined && dir !== undefined && inbox === dir)
        c.add(`${path}/inbox`, "inbox must be another directory than dir");
      return dir ? { adapter: "file-drop", dir, ...(inbox !== undefined ? { inbox } : {}) } : undefined;
    }
    default:
      return void c.add(`${path}/adapter`, "adapter must be mailbox, webhook or file-drop");
  }
}

function client(c: Collector, value: unknown, path: string, glns: ReadonlySet<string>): ClientConfig | undefined {
  if (!isObject(value)) return void c.add(path, "a client is an object");
  c.keys(value, ["id", "apiKey", "apiKeySha256", "certificate", "locations", "roles", "requestsPerMinute"], path);
  const id = clientId(c, value, path);
  const certificate = parseCertificate(c, value.certificate, `${path}/certificate`);
  // A client known only by its certificate has no key: a random hash stands in, which no key will match.
  const certificateOnly = certificate !== undefined && value.apiKey === undefined && value.apiKeySha256 === undefined;
  const keyHash = certificateOnly ? randomBytes(32).toString("hex") : apiKeyHash(c, value, path);
  const locations = value.locations === undefined ? [] : c.list(value, "locations", path);
  locations.forEach((gln, i) => {
    if (typeof gln !== "string" || !glns.has(gln))
      c.add(`${path}/locations/${i}`, "every client location must be a GLN from locations");
  });
  const roles = c.list(value, "roles", path);
  roles.forEach((r, i) => {
    if (!(ROLES as readonly unknown[]).includes(r))
      c.add(`${path}/roles/${i}`, `role must be one of ${ROLES.join(", ")}`);
  });
  if (!roles.includes("admin") && locations.length === 0)
    c.add(`${path}/locations`, "a client that is not admin needs at least one location");
  const rpm = value.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  if (typeof rpm !== "number" || !Number.isInteger(rpm) || rpm < 1)
    c.add(`${path}/requestsPerMinute`, "requestsPerMinute must be a whole number ≥ 1");
  if (id === undefined || keyHash === undefined) return undefined;
  return {
    id,
    keyHash,
    plaintextKey: value.apiKey !== undefined,
    locations: locations as string[],
    roles: roles as ClientConfig["roles"],
    requestsPerMinute: typeof rpm === "number" ? rpm : DEFAULT_REQUESTS_PER_MINUTE,
    ...(certificate ? { certificate } : {}),
    ...(certificateOnly ? { certificateOnly } : {}),
  };
}

/**
 * A client id goes into idempotency scopes (`client:<id>`, where a `:` would let two scopes collide), audit entries,
 * log lines and the `certs` command's file names (`clients/<id>.crt`): letters, digits, `.`, `_`, `-`, at most 64,
 * starting with a letter or digit (no `.`/`..`, no hidden file). The message names the rule, not the value.
 */
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function clientId(c: Collector, value: Json, path: string): string | undefined {
  const id = c.text(value, "id", path);
  if (id === undefined || CLIENT_ID.test(id)) return id;
  c.add(
    `${path}/id`,
    "id must be 1–64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit (it names the client in keys, logs and file names)",
  );
  return undefined;
}

function parseCertificate(c: Collector, value: unknown, path: string): ClientConfig["certificate"] {
  if (value === undefined) return undefined;
  if (!isObject(value)) return void c.add(path, "certificate is an object { sha256 } or { subjectSerial }");
  c.keys(value, ["sha256", "subjectSerial"], path);
  const sha256 = c.text(value, "sha256", path, false);
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(sha256.replace(/:/g, "")))
    c.add(`${path}/sha256`, "sha256 must be the certificate's SHA-256 fingerprint (64 hexadecimal digits)");
  const subjectSerial = c.text(value, "subjectSerial", path, false);
  if (sha256 === undefined && subjectSerial === undefined)
    return void c.add(path, "certificate needs sha256 or subjectSerial");
  return {
    ...(sha256 !== undefined ? { sha256: sha256.replace(/:/g, "").toLowerCase() } : {}),
    ...(subjectSerial !== undefined ? { subjectSerial } : {}),
  };
}

/** `apiKeySha256` (hex), or a plaintext `apiKey` — hashed at once, with a warning (an error in production). */
function apiKeyHash(c: Collector, value: Json, path: string): string | undefined {
  if ((value.apiKey === undefined) === (value.apiKeySha256 === undefined)) {
    c.add(`${path}/apiKey`, "give exactly one of apiKeySha256 (recommended) or apiKey");
    return undefined;
  }
  if (value.apiKeySha256 !== undefined) {
    const hash = c.text(value, "apiKeySha256", path);
    if (hash !== undefined && !/^[0-9a-f]{64}$/i.test(hash))
      c.add(`${path}/apiKeySha256`, "apiKeySha256 must be 64 hexadecimal digits (sha256sum of the key)");
    return hash?.toLowerCase();
  }
  const key = c.text(value, "apiKey", path);
  if (key === undefined) return undefined;
  const advice = `store apiKeySha256 ("${hashApiKey(key)}") instead of the plaintext key`;
  if (c.options.production)
    c.add(`${path}/apiKey`, `a plaintext apiKey is refused when NODE_ENV=production: ${advice}`);
  else c.warn(`${path}/apiKey`, `plaintext API key: ${advice}`);
  return hashApiKey(key);
}

export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

const POLICY_RULES: Record<keyof Policy, { integer: boolean }> = {
  ackTimeoutMinutes: { integer: false },
  maxResends: { integer: true },
  deliveryAttempts: { integer: true },
  retentionDays: { integer: false },
  deliveryWindowHours: { integer: false },
  breakerFailures: { integer: true },
  breakerOpenMinutes: { integer: false },
  breakerMaxOpenMinutes: { integer: false },
};

function parsePolicy(c: Collector, value: unknown): Policy {
  if (value === undefined) return { ...DEFAULT_POLICY };
  if (!isObject(value)) {
    c.add("/policy", "policy must be an object");
    return { ...DEFAULT_POLICY };
  }
  c.keys(value, [...Object.keys(POLICY_RULES), ...REGIONAL_POLICY_KEYS], "/policy");
  const policy = { ...DEFAULT_POLICY };
  for (const [key, rule] of Object.entries(POLICY_RULES) as [keyof Policy, { integer: boolean }][]) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v) || (rule.integer && !Number.isInteger(v))) {
      c.add(`/policy/${key}`, `${key} must be a ${rule.integer ? "whole " : ""}number greater than 0`);
    } else policy[key] = v;
  }
  return policy;
}

/**
 * The report of a configuration that does not start: errors and warnings counted apart and each line labelled, errors
 * first, so the one error that stops the start is not lost among warnings (issue 11, point 20).
 */
export function formatConfigErrors(file: string, issues: readonly Issue[]): string {
  const errors = issues.filter((i) => i.severity === "error");
  const others = issues.filter((i) => i.severity !== "error");
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const summary = [count(errors.length, "error"), ...(others.length > 0 ? [count(others.length, "warning")] : [])];
  const line = (label: string) => (i: Issue) => `  ${label} ${i.path || "/"}: ${i.message}`;
  return [
    `The configuration ${file} has ${summary.join(" and ")}:`,
    ...errors.map(line("error:  ")),
    ...others.map(line("warning:")),
  ].join("\n");
}
