// Issue 17, point 2 (docs/sizing.md): a message record is a hash of some twenty short fields and one sealed value of a
// few hundred bytes; Redis keeps it as a compact listpack only while every value is at most
// `hash-max-listpack-value` bytes (64 by default), and as a hash table a third larger otherwise. The embedded Redis
// is started with 1024; an external one is only checked, and a smaller setting is a warning (memory, not safety).
export const RECOMMENDED_LISTPACK_VALUE = 1024;

/** The warning for the setting Redis reports (undefined when it would not say, e.g. CONFIG disabled: no warning). */
export function judgeListpackValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bytes = Number(value);
  if (Number.isInteger(bytes) && bytes >= RECOMMENDED_LISTPACK_VALUE) return undefined;
  return (
    `The external Redis has hash-max-listpack-value ${value}: each message record is then stored as a hash table, ` +
    `about 0.9 KB more per letter (docs/sizing.md). Set hash-max-listpack-value ${RECOMMENDED_LISTPACK_VALUE}.`
  );
}

/** The one command this needs (an ioredis client is one). */
export interface ConfigReader {
  config(subcommand: "GET", parameter: string): Promise<unknown>;
}

/** CONFIG GET hash-max-listpack-value, or undefined when CONFIG is disabled, renamed or denied. */
export async function readListpackValue(redis: ConfigReader): Promise<string | undefined> {
  try {
    const reply: unknown = await redis.config("GET", "hash-max-listpack-value");
    if (!Array.isArray(reply)) return undefined;
    const value: unknown = reply[1];
    return typeof value === "string" ? value : undefined;
  } catch (err) {
    if (err instanceof Error && err.name === "ReplyError") return undefined;
    throw err;
  }
}
