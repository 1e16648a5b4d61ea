// The `clients` entries of the configuration: who may call the API, known by an API key (stored as its SHA-256), a
// client certificate, or both; which locations it acts for and in which roles.
import { createHash, randomBytes } from "node:crypto";
import { isObject, type Collector, type Json } from "./collector.js";
import { DEFAULT_REQUESTS_PER_MINUTE, ROLES, type ClientConfig } from "./types.js";

export function client(
  c: Collector,
  value: unknown,
  path: string,
  glns: ReadonlySet<string>,
): ClientConfig | undefined {
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
