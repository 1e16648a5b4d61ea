// What the fault tests look at after recovery: the status indexes (behind the API, read-only) and the receivers'
// mailboxes (through the API, as a receiving system reads them).
import { STATUSES } from "../../src/domain/record.js";
import { KEYS, rawRedis, type MessageJson } from "../support/gateway.js";

export async function statusCounts(redisUrl: string, prefix: string): Promise<Record<string, number>> {
  const redis = rawRedis(redisUrl);
  try {
    const counts = await Promise.all(STATUSES.map((s) => redis.zcard(`${prefix}:status:${s}`)));
    return Object.fromEntries(STATUSES.map((s, i) => [s, counts[i] ?? 0]));
  } finally {
    redis.disconnect();
  }
}

/** Every message id stored under the prefix (records, not their content or events). */
export async function storedIds(redisUrl: string, prefix: string): Promise<Set<string>> {
  const redis = rawRedis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:msg:*`);
    return new Set(
      keys.filter((k) => !/:(content|events)$/.test(k) && k.split(":").length === 3).map((k) => k.split(":")[2] ?? ""),
    );
  } finally {
    redis.disconnect();
  }
}

/** The ids in a location's mailbox, all pages (GET /v1/mailboxes/{gln}/messages?status=all). */
export async function mailboxIds(url: string, gln: string, key: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const query = `status=all&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await fetch(`${url}/v1/mailboxes/${gln}/messages?${query}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    if (response.status !== 200) throw new Error(`mailbox answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: { id: string }[]; next?: string };
    for (const item of page.items) ids.add(item.id);
    cursor = page.next;
  } while (cursor);
  return ids;
}

/**
 * The letters among `ids` whose mailbox copy does not arrive whole with an attachment of `bytes` decoded bytes: a fetch
 * that fails or is cut short (a chunk missing after a kill), or an attachment of another size. Each as "id: why".
 */
export async function attachmentsNotWhole(
  url: string,
  gln: string,
  key: string,
  ids: readonly string[],
  bytes: number,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const id of ids) {
    try {
      const response = await fetch(`${url}/v1/mailboxes/${gln}/messages/${id}`, {
        headers: { Authorization: `Bearer ${key}`, Accept: "application/fhir+json" },
      });
      const text = await response.text(); // throws when the transfer is cut short
      if (response.status !== 200) wrong.push(`${id}: ${response.status}`);
      const data = /"contentType":"application\/pdf","data":"([A-Za-z0-9+/=]*)"/.exec(text)?.[1];
      const size = data === undefined ? -1 : Buffer.from(data, "base64").byteLength;
      if (response.status === 200 && size !== bytes) wrong.push(`${id}: attachment of ${size} bytes`);
    } catch (err) {
      wrong.push(`${id}: ${String(err)}`);
    }
  }
  return wrong;
}

/** One message as the administrators' API shows it (with its events). */
export async function messageRecord(url: string, id: string): Promise<MessageJson | undefined> {
  const response = await fetch(`${url}/v1/messages/${id}`, { headers: { Authorization: `Bearer ${KEYS.admin}` } });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET /v1/messages/${id} answered ${response.status}`);
  return (await response.json()) as MessageJson;
}

/**
 * Poll `check` until it returns a value, for up to `timeoutMs`. On a timeout the error carries what `explain` says
 * (e.g. explainUndelivered in diagnose.ts: why each letter did not move), so a failure in CI can be understood from
 * its message alone.
 */
export async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  explain?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = explain ? await explain().catch((err: unknown) => `(no diagnosis: ${String(err)})`) : "";
      throw new Error(
        `timed out waiting for ${what} (${lastError instanceof Error ? lastError.message : "no error"})` +
          (why ? `\n${why}` : ""),
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
