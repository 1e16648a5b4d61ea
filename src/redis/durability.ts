// Issue 12, point 2: a letter answered 202 must survive a power loss of the Redis host. Measured there: with
// `appendfsync everysec` a power loss lost 0.2–2.4 s of letters already answered 202; with `always` none, at no
// measurable throughput cost. So an external Redis must run `appendonly yes` + `appendfsync always`, or the operator
// says in so many words (GATEWAY_ACCEPT_REDIS_DATA_LOSS=1) that they accept the loss.
import type { Redis } from "ioredis";

const OPT_OUT_VARIABLE = "GATEWAY_ACCEPT_REDIS_DATA_LOSS";

/** What the Redis server says about its persistence; undefined where it would not tell. */
export interface PersistenceFacts {
  appendonly?: string;
  appendfsync?: string;
  /** How the facts were learnt: CONFIG GET, or INFO persistence when CONFIG is disabled or renamed. */
  source: "config" | "info" | "none";
}

export interface DurabilityVerdict {
  /** Set when the gateway must not start (without the opt-out). */
  refuse?: string;
  /** Logged at every start (the opt-out's loud warning). */
  warning?: string;
}

const FIX =
  "Configure Redis with `appendonly yes` and `appendfsync always` (redis.conf or CONFIG SET + CONFIG REWRITE), " +
  `or set ${OPT_OUT_VARIABLE}=1 to accept losing letters already answered 202 on a power loss or crash of the ` +
  "Redis host.";

/** The pure rule: which facts are enough, and what to say otherwise. */
export function judgeDurability(facts: PersistenceFacts, acceptDataLoss: boolean): DurabilityVerdict {
  const problem = problemWith(facts);
  if (!problem) return {};
  if (acceptDataLoss) {
    return {
      warning:
        `DURABILITY RISK ACCEPTED (${OPT_OUT_VARIABLE}=1): ${problem} Letters answered 202 in the last moments ` +
        "before a power loss or crash of the Redis host can be lost for good.",
    };
  }
  return { refuse: `Refusing to start: ${problem} ${FIX}` };
}

function problemWith(facts: PersistenceFacts): string | undefined {
  if (facts.appendonly !== undefined && facts.appendonly !== "yes") {
    return `the external Redis has appendonly ${facts.appendonly} (it keeps no append-only file).`;
  }
  if (facts.appendfsync !== undefined && facts.appendfsync !== "always") {
    return `the external Redis has appendfsync ${facts.appendfsync} (it syncs its append-only file to disk only now and then, not on every write).`;
  }
  if (facts.appendonly === undefined) {
    return "the external Redis does not say whether appendonly is on (CONFIG GET and INFO persistence both unavailable).";
  }
  if (facts.appendfsync === undefined) {
    // INFO persistence shows aof_enabled but never the fsync policy.
    return "the external Redis does not say its appendfsync policy (CONFIG GET is disabled or renamed), so it cannot be checked to be `always`.";
  }
  return undefined;
}

/** `aof_enabled:1` from INFO persistence → appendonly "yes"; absent → undefined. */
export function factsFromInfo(info: string): PersistenceFacts {
  const aof = /^aof_enabled:(\d)/m.exec(info)?.[1];
  return aof === undefined ? { source: "none" } : { appendonly: aof === "1" ? "yes" : "no", source: "info" };
}

/** CONFIG GET's flat [name, value, …] reply → the value of `name`. */
function configValue(reply: unknown, name: string): string | undefined {
  if (!Array.isArray(reply)) return undefined;
  const at = reply.indexOf(name);
  const value: unknown = at >= 0 ? reply[at + 1] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** Ask CONFIG GET; when CONFIG is disabled, renamed or denied by an ACL, fall back to INFO persistence. */
export async function readPersistence(redis: Pick<Redis, "config" | "info">): Promise<PersistenceFacts> {
  try {
    const appendonly = configValue(await redis.config("GET", "appendonly"), "appendonly");
    const appendfsync = configValue(await redis.config("GET", "appendfsync"), "appendfsync");
    if (appendonly !== undefined && appendfsync !== undefined) return { appendonly, appendfsync, source: "config" };
  } catch (err) {
    // A Redis reply error (unknown command, NOPERM) means "not allowed to ask"; anything else is the connection.
    if (!isReplyError(err)) throw err;
  }
  try {
    return factsFromInfo(await redis.info("persistence"));
  } catch (err) {
    if (!isReplyError(err)) throw err;
    return { source: "none" };
  }
}

function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === "ReplyError";
}
