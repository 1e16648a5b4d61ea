// The I/O edge of configuration: environment variables and the configuration file, read once at start.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { error, type Issue, type Result } from "../util/issues.js";
import { parseTrustProxy } from "../http/client-address.js";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../http/server-limits.js";
import { DEFAULT_KEY_PREFIX } from "../store/keys.js";
import { parseGatewayConfig, type ConfigOptions, type GatewayConfig } from "./schema.js";

export interface GatewayEnv {
  port: number;
  redisUrl?: string;
  configPath: string;
  dataDir: string;
  logLevel: string;
  /** Largest request body accepted; bigger ones are refused (413) before they are read. */
  maxBodyBytes: number;
  /** The encryption keyring (GATEWAY_ENCRYPTION_KEY_FILE); unset with the embedded Redis: generated in dataDir. */
  encryptionKeyFile?: string;
  /** The gateway's own certificate for PKCS#7 webhook signatures (GATEWAY_SIGNING_CERT/_KEY, or a .p12). */
  signing?: { certFile: string; keyFile?: string; p12Password?: string };
  /** Mutual TLS: serve HTTPS and require a client certificate issued by the client CA. */
  tls?: TlsFiles;
  /** Prefix of every Redis key, with a hash tag so a gateway's keys share one Redis Cluster slot. */
  keyPrefix: string;
  /** METRICS_TOKEN: the bearer token /metrics requires; unset, /metrics is not served (issue 11, point 16). */
  metricsToken?: string;
  /**
   * Slow-and-large request limits over DEFAULT_HTTP_LIMITS (issue 11, point 18): GATEWAY_LARGE_BODY_BYTES and
   * GATEWAY_MAX_LARGE_BODIES and GATEWAY_MAX_HELD_BODY_BYTES (issue 17) set the large-body gate; tests set the rest.
   */
  httpLimits?: Partial<HttpLimits>;
  /** TRUST_PROXY: the reverse proxies' addresses whose X-Forwarded-For is believed; empty: none (issue 11, point 13). */
  trustedProxies?: ReadonlySet<string>;
  /** Failed /v1 authentications per address and minute before 429 (AUTH_FAILURES_PER_MINUTE when unset). */
  authFailuresPerMinute?: number;
  /** GATEWAY_MAX_LARGE_DELIVERIES: large deliveries one worker process makes at once (issue 17; unset: 2). */
  maxLargeDeliveries?: number;
  /** GATEWAY_ACCEPT_REDIS_DATA_LOSS=1: start on an external Redis without appendfsync always (issue 12, point 2). */
  acceptRedisDataLoss?: boolean;
  /** GATEWAY_BLOB_DIR: large attachments' sealed chunks kept as files there, not in Redis (issue 17; blob-files.ts). */
  blobDir?: string;
}

export interface TlsFiles {
  /** PEM certificate, or a PKCS#12 (.p12/.pfx) file holding key and certificate. */
  certFile: string;
  keyFile?: string;
  clientCaFile: string;
  p12Password?: string;
  /** TLS_CLIENT_CRL: PEM CRL(s) of the client CA, re-read with the other TLS files every `refreshMs`. */
  clientCrlFile?: string;
  /** How often the TLS files are re-read (default 60 s; tests shorten it). */
  refreshMs?: number;
}

/** TLS_CERT, TLS_KEY (unless TLS_CERT is a .p12), TLS_CLIENT_CA: all or none. */
function tlsFiles(env: NodeJS.ProcessEnv, issues: Issue[]): TlsFiles | undefined {
  const { TLS_CERT: certFile, TLS_KEY: keyFile, TLS_CLIENT_CA: clientCaFile, TLS_P12_PASSWORD: p12Password } = env;
  const clientCrlFile = env.TLS_CLIENT_CRL;
  if (!certFile && !keyFile && !clientCaFile) {
    if (clientCrlFile) issues.push(error("env", "TLS_CLIENT_CRL", "TLS_CLIENT_CRL needs mutual TLS (TLS_CERT, …)"));
    return undefined;
  }
  const p12 = /\.(p12|pfx)$/i.test(certFile ?? "");
  if (!certFile || !clientCaFile || (!p12 && !keyFile)) {
    issues.push(error("env", "TLS_CERT", "mutual TLS needs TLS_CERT, TLS_CLIENT_CA and TLS_KEY (or a .p12 TLS_CERT)"));
    return undefined;
  }
  return {
    certFile,
    clientCaFile,
    ...(keyFile ? { keyFile } : {}),
    ...(p12Password ? { p12Password } : {}),
    ...(clientCrlFile ? { clientCrlFile } : {}),
  };
}

/** A CareCommunication may be up to 100 MB (DOMAIN.md §1.12); base64 in a compose request adds a third. */
export const DEFAULT_MAX_BODY_BYTES = 140 * 1024 * 1024;

/** GATEWAY_LARGE_BODY_BYTES, GATEWAY_MAX_LARGE_BODIES and GATEWAY_MAX_HELD_BODY_BYTES: the large-body gate (issue 17,
 *  point 1), when set. */
function largeBodyLimits(env: NodeJS.ProcessEnv, issues: Issue[]): Partial<HttpLimits> {
  const limits: Partial<HttpLimits> = {};
  if (env.GATEWAY_LARGE_BODY_BYTES !== undefined) {
    const bytes = Number(env.GATEWAY_LARGE_BODY_BYTES);
    if (/^\d{1,12}$/.test(env.GATEWAY_LARGE_BODY_BYTES) && bytes >= 1024) limits.largeBodyBytes = bytes;
    else issues.push(error("env", "GATEWAY_LARGE_BODY_BYTES", "GATEWAY_LARGE_BODY_BYTES must be whole bytes ≥ 1024"));
  }
  if (env.GATEWAY_MAX_LARGE_BODIES !== undefined) {
    const count = Number(env.GATEWAY_MAX_LARGE_BODIES);
    if (/^\d{1,4}$/.test(env.GATEWAY_MAX_LARGE_BODIES) && count >= 1) limits.maxLargeBodies = count;
    else issues.push(error("env", "GATEWAY_MAX_LARGE_BODIES", "GATEWAY_MAX_LARGE_BODIES must be a whole number ≥ 1"));
  }
  if (env.GATEWAY_MAX_HELD_BODY_BYTES !== undefined) {
    const bytes = Number(env.GATEWAY_MAX_HELD_BODY_BYTES);
    if (/^\d{1,12}$/.test(env.GATEWAY_MAX_HELD_BODY_BYTES) && bytes >= 1024) limits.maxHeldBodyBytes = bytes;
    else
      issues.push(
        error("env", "GATEWAY_MAX_HELD_BODY_BYTES", "GATEWAY_MAX_HELD_BODY_BYTES must be whole bytes ≥ 1024"),
      );
  }
  return limits;
}

/**
 * One body of the largest size must always fit the budget of bodies held whole: a smaller budget set is refused, and
 * the default grows with a larger GATEWAY_MAX_BODY_BYTES.
 */
function heldBudgetFits(limits: Partial<HttpLimits>, maxBodyBytes: number, issues: Issue[]): Partial<HttpLimits> {
  const budget = limits.maxHeldBodyBytes ?? DEFAULT_HTTP_LIMITS.maxHeldBodyBytes;
  if (budget >= maxBodyBytes) return limits;
  if (limits.maxHeldBodyBytes === undefined) return { ...limits, maxHeldBodyBytes: maxBodyBytes };
  issues.push(
    error("env", "GATEWAY_MAX_HELD_BODY_BYTES", "GATEWAY_MAX_HELD_BODY_BYTES must be at least GATEWAY_MAX_BODY_BYTES"),
  );
  return limits;
}

/** GATEWAY_MAX_LARGE_DELIVERIES: the worker side of the large-message gate (queue/large-delivery-gate.ts), when set. */
function maxLargeDeliveries(env: NodeJS.ProcessEnv, issues: Issue[]): number | undefined {
  const text = env.GATEWAY_MAX_LARGE_DELIVERIES;
  if (text === undefined) return undefined;
  if (/^\d{1,4}$/.test(text) && Number(text) >= 1) return Number(text);
  issues.push(error("env", "GATEWAY_MAX_LARGE_DELIVERIES", "GATEWAY_MAX_LARGE_DELIVERIES must be a whole number ≥ 1"));
  return undefined;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Every variable the gateway reads, with its default (docs/configuration.md lists the same). */
export function loadEnv(env: NodeJS.ProcessEnv): Result<GatewayEnv> {
  const issues: Issue[] = [];
  const port = Number(env.PORT ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    issues.push(error("env", "PORT", "PORT must be a port number"));
  const logLevel = env.LOG_LEVEL ?? "info";
  if (!LOG_LEVELS.includes(logLevel))
    issues.push(error("env", "LOG_LEVEL", `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`));
  const maxBodyBytes = Number(env.GATEWAY_MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024)
    issues.push(
      error("env", "GATEWAY_MAX_BODY_BYTES", "GATEWAY_MAX_BODY_BYTES must be a whole number of bytes ≥ 1024"),
    );
  const keyPrefix = env.GATEWAY_KEY_PREFIX ?? DEFAULT_KEY_PREFIX;
  if (!/^[^\s:]{1,64}$/.test(keyPrefix) || !/\{[^{}]+\}/.test(keyPrefix))
    issues.push(
      error("env", "GATEWAY_KEY_PREFIX", "GATEWAY_KEY_PREFIX must hold a hash tag like {mg} and no spaces or colons"),
    );
  const tls = tlsFiles(env, issues);
  const httpLimits = heldBudgetFits(largeBodyLimits(env, issues), maxBodyBytes, issues);
  const largeDeliveries = maxLargeDeliveries(env, issues);
  const trust = parseTrustProxy(env.TRUST_PROXY);
  if ("problem" in trust) issues.push(error("env", "TRUST_PROXY", trust.problem));
  const metricsToken = env.METRICS_TOKEN;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{32,512}$/.test(metricsToken))
    issues.push(error("env", "METRICS_TOKEN", "METRICS_TOKEN must be 32–512 printable characters without spaces"));
  const acceptLoss = env.GATEWAY_ACCEPT_REDIS_DATA_LOSS ?? "";
  if (!["", "0", "1"].includes(acceptLoss))
    issues.push(error("env", "GATEWAY_ACCEPT_REDIS_DATA_LOSS", "GATEWAY_ACCEPT_REDIS_DATA_LOSS must be 1 or unset"));
  const signing = env.GATEWAY_SIGNING_CERT
    ? {
        certFile: env.GATEWAY_SIGNING_CERT,
        ...(env.GATEWAY_SIGNING_KEY ? { keyFile: env.GATEWAY_SIGNING_KEY } : {}),
        ...(env.GATEWAY_SIGNING_P12_PASSWORD ? { p12Password: env.GATEWAY_SIGNING_P12_PASSWORD } : {}),
      }
    : undefined;
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      port,
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      ...(env.GATEWAY_ENCRYPTION_KEY_FILE ? { encryptionKeyFile: env.GATEWAY_ENCRYPTION_KEY_FILE } : {}),
      configPath: env.GATEWAY_CONFIG ?? "config/gateway.json",
      dataDir: env.GATEWAY_DATA_DIR ?? "./data",
      logLevel,
      maxBodyBytes,
      keyPrefix,
      ...(tls ? { tls } : {}),
      ...(signing ? { signing } : {}),
      ...(metricsToken ? { metricsToken } : {}),
      ...("proxies" in trust && trust.proxies.size > 0 ? { trustedProxies: trust.proxies } : {}),
      ...(acceptLoss === "1" ? { acceptRedisDataLoss: true } : {}),
      ...(env.GATEWAY_BLOB_DIR ? { blobDir: env.GATEWAY_BLOB_DIR } : {}),
      ...(Object.keys(httpLimits).length > 0 ? { httpLimits } : {}),
      ...(largeDeliveries !== undefined ? { maxLargeDeliveries: largeDeliveries } : {}),
    },
    issues: [],
  };
}

export function loadGatewayConfig(path: string, options: ConfigOptions = {}): Result<GatewayConfig> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return {
      ok: false,
      issues: [error("config", "", `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`)],
    };
  }
  try {
    return parseGatewayConfig(JSON.parse(text), options);
  } catch (err) {
    return {
      ok: false,
      issues: [error("config", "", `${path} is not valid JSON: ${err instanceof Error ? err.message : ""}`)],
    };
  }
}

/** The keyring: GATEWAY_ENCRYPTION_KEY_FILE, or keys/keyring.json in the data directory. */
export const keyringPathOf = (env: GatewayEnv): string =>
  env.encryptionKeyFile ?? join(resolve(env.dataDir), "keys", "keyring.json");
