// The configuration file (CONTRACT.md §1), checked once at start with ALL errors reported together, each naming its
// key by JSON pointer. The locations and the policy are checked here, the clients in clients.ts; the checked shape is
// types.ts.
import { isValidGln, isValidSor } from "../medcom/identifiers.js";
import { error, type Issue, type Result } from "../util/issues.js";
import { webhookUrlProblem } from "../util/webhook-url.js";
import { client, hashApiKey } from "./clients.js";
import { Collector, isObject } from "./collector.js";
import { DEMO_KEY_REFUSED, DEMO_REFUSED, isPublishedDemoKey } from "./demo.js";
import { overlappingDropFolders } from "./drop-folders.js";
import { checkClientsServedHere, checkVansFoldersApart, checkVansLocations, parseNetwork } from "./network.js";
import { parseRegionalPolicy, REGIONAL_POLICY_KEYS } from "./regional.js";
import {
  DEFAULT_POLICY,
  FORMATS,
  LOCATION_KINDS,
  type ClientConfig,
  type ConfigOptions,
  type Delivery,
  type Format,
  type GatewayConfig,
  type LocationConfig,
  type LocationKind,
  type Policy,
} from "./types.js";

// One module for callers: the shape and the API key hash are named here too.
export * from "./types.js";
export { hashApiKey } from "./clients.js";

export function parseGatewayConfig(input: unknown, options: ConfigOptions = {}): Result<GatewayConfig> {
  const c = new Collector(options);
  if (!isObject(input)) return { ok: false, issues: [error("config", "", "the configuration must be a JSON object")] };
  c.keys(input, ["demo", "locations", "clients", "policy", "network"], "");
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
  checkClientsServedHere(c, locations, clients);
  const network = parseNetwork(c, input.network);
  checkVansLocations(c, locations, isObject(input.network) && input.network.vans !== undefined);
  checkVansFoldersApart(c, locations, network);
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
      ...(network ? { network } : {}),
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
    case "vans":
      // A remote location (issue 16): the gateway's one VANS connection (network.vans) carries it.
      c.keys(value, ["adapter"], path);
      return { adapter: "vans" };
    default:
      return void c.add(`${path}/adapter`, "adapter must be mailbox, webhook, file-drop or vans");
  }
}

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
