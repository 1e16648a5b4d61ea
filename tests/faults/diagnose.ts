// What a fault test prints when it times out waiting for every stored letter to be delivered: for each letter stored
// but not delivered, everything that decides whether it will move again — its record and events, its BullMQ delivery
// job (in which list or set, attempts, stall count, lock), the outbox, its location's circuit breaker and delivery
// slots, and its acknowledgement deadline — plus the delivery queue's totals and the worker processes' last output.
// Read-only: it only looks at Redis.
import type { Redis } from "ioredis";
import { deadlineKeys, deadlineMember } from "../../queue/ack-deadlines.js";
import { rawRedis } from "../support/gateway.js";
import type { Cluster } from "./cluster.js";

/** At most this many undelivered letters are described one by one (the rest are counted). */
const DESCRIBED = 12;

const DELIVERY = "delivery";
const DEADLINE = "ack-deadline";

/** Where a BullMQ job is: the lists and sets BullMQ keeps per queue (bullmq: the queue's Redis structure). */
async function jobState(redis: Redis, base: string, jobId: string): Promise<string> {
  const [hash, wait, active, paused, delayed, prioritized, completed, failed, stalled, lockTtl] = await Promise.all([
    redis.hgetall(`${base}:${jobId}`),
    redis.lpos(`${base}:wait`, jobId),
    redis.lpos(`${base}:active`, jobId),
    redis.lpos(`${base}:paused`, jobId),
    redis.zscore(`${base}:delayed`, jobId),
    redis.zscore(`${base}:prioritized`, jobId),
    redis.zscore(`${base}:completed`, jobId),
    redis.zscore(`${base}:failed`, jobId),
    redis.sismember(`${base}:stalled`, jobId),
    redis.pttl(`${base}:${jobId}:lock`),
  ]);
  if (Object.keys(hash).length === 0) return `${jobId}: no job`;
  const where = [
    wait !== null ? "wait" : "",
    active !== null ? "active" : "",
    paused !== null ? "paused" : "",
    delayed !== null ? `delayed(until ${new Date(Math.floor(Number(delayed) / 4096)).toISOString()})` : "",
    prioritized !== null ? "prioritized" : "",
    completed !== null ? "completed" : "",
    failed !== null ? "failed" : "",
    stalled === 1 ? "stalled-set" : "",
  ].filter((w) => w !== "");
  const at = (field: string) => (hash[field] ? new Date(Number(hash[field])).toISOString() : "-");
  return (
    `${jobId}: in [${where.join(",") || "none"}] attemptsMade=${hash.atm ?? hash.attemptsMade ?? 0} ` +
    `attemptsStarted=${hash.ats ?? "-"} stalls=${hash.stc ?? 0} lock=${lockTtl >= 0 ? `${lockTtl} ms left` : "none"} ` +
    `created=${at("timestamp")} processedOn=${at("processedOn")} finishedOn=${at("finishedOn")}` +
    (hash.failedReason ? ` failedReason=${JSON.stringify(hash.failedReason.slice(0, 200))}` : "") +
    (hash.delay && hash.delay !== "0" ? ` delay=${hash.delay}` : "")
  );
}

async function queueTotals(redis: Redis, base: string): Promise<string> {
  const [wait, active, paused, delayed, prioritized, completed, failed, stalled, meta, marker] = await Promise.all([
    redis.llen(`${base}:wait`),
    redis.llen(`${base}:active`),
    redis.llen(`${base}:paused`),
    redis.zcard(`${base}:delayed`),
    redis.zcard(`${base}:prioritized`),
    redis.zcard(`${base}:completed`),
    redis.zcard(`${base}:failed`),
    redis.scard(`${base}:stalled`),
    redis.hgetall(`${base}:meta`),
    redis.zrange(`${base}:marker`, "0", "-1", "WITHSCORES"),
  ]);
  const checkTtl = await redis.pttl(`${base}:stalled-check`);
  return (
    `wait=${wait} active=${active} paused=${paused} delayed=${delayed} prioritized=${prioritized} ` +
    `completed=${completed} failed=${failed} stalled-set=${stalled} stalled-check=${checkTtl} ms ` +
    `meta=${JSON.stringify(meta)} marker=${JSON.stringify(marker)}`
  );
}

/** The acknowledgement deadlines' sorted sets (queue/ack-deadlines.ts): scheduled, claimed (lease left), failed. */
async function deadlineTotals(redis: Redis, prefix: string): Promise<string> {
  const keys = deadlineKeys(prefix);
  const [scheduled, claimed, failed] = await Promise.all([
    redis.zcard(keys.due),
    redis.zrange(keys.inFlight, "0", "9", "WITHSCORES"),
    redis.zrange(keys.failed, "0", "9"),
  ]);
  const leases: string[] = [];
  for (let i = 0; i + 1 < claimed.length; i += 2)
    leases.push(`${claimed[i] ?? ""}(lease until ${new Date(Number(claimed[i + 1])).toISOString()})`);
  return `scheduled=${scheduled} claimed=[${leases.join(", ")}] failed=[${failed.join(", ")}]`;
}

async function breakerOf(redis: Redis, prefix: string, gln: string): Promise<string> {
  const key = `${prefix}:breaker:${gln}`;
  const [state, inflight, waiting, busy] = await Promise.all([
    redis.hgetall(key),
    redis.zrange(`${key}:inflight`, "0", "-1", "WITHSCORES"),
    redis.zcard(`${key}:waiting`),
    redis.zcard(`${key}:busy`),
  ]);
  const slots: string[] = [];
  for (let i = 0; i + 1 < inflight.length; i += 2)
    slots.push(`${inflight[i] ?? ""}(lease ${Number(inflight[i + 1]) - Date.now()} ms)`);
  return (
    `breaker ${gln}: ${Object.keys(state).length === 0 ? "closed (no state)" : JSON.stringify(state)}; ` +
    `in flight ${slots.length} [${slots.join(", ")}]; waiting line ${waiting}; slot queue ${busy}`
  );
}

/** Who is connected to Redis (connection names: the gateway's and BullMQ's), and what each is running. */
async function clients(redis: Redis): Promise<string> {
  const list = (await redis.client("LIST")) as string;
  return list
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const f = Object.fromEntries(line.split(" ").map((kv) => kv.split("=", 2) as [string, string]));
      return `${f.name || "(unnamed)"} age=${f.age ?? "?"}s idle=${f.idle ?? "?"}s cmd=${f.cmd ?? "?"} flags=${f.flags ?? ""}`;
    })
    .join("\n  ");
}

/**
 * A description of every stored letter that is not delivered (yet): why it does not move. `outputs` are the worker
 * processes' last log lines, appended as they are.
 */
export async function explainUndelivered(
  redisUrl: string,
  prefix: string,
  outputs: readonly { name: string; text: string }[] = [],
): Promise<string> {
  const redis = rawRedis(redisUrl);
  try {
    const now = Date.now();
    const lines: string[] = [`at ${new Date(now).toISOString()}`];
    const deliveryBase = `${prefix}:${DELIVERY}`;
    lines.push(`delivery queue: ${await queueTotals(redis, deliveryBase)}`);
    lines.push(`ack-deadline queue: ${await queueTotals(redis, `${prefix}:${DEADLINE}`)}`);
    lines.push(`ack deadlines: ${await deadlineTotals(redis, prefix)}`);
    const statuses = ["accepted", "queued", "delivered", "acknowledged", "rejected", "failed"];
    const counts = await Promise.all(statuses.map((s) => redis.zcard(`${prefix}:status:${s}`)));
    lines.push(`status indexes: ${statuses.map((s, i) => `${s}=${counts[i] ?? 0}`).join(" ")}`);
    const keys = await redis.keys(`${prefix}:msg:*`);
    const ids = keys
      .filter((k) => k.split(":").length === 3 && !/:(content|events)$/.test(k))
      .map((k) => k.split(":")[2] ?? "");
    const records = await Promise.all(ids.map(async (id) => ({ id, h: await redis.hgetall(`${prefix}:msg:${id}`) })));
    const stuck = records.filter((r) => r.h.status !== "delivered");
    lines.push(`stored ${ids.length}, not delivered ${stuck.length}`);
    const parked = await redis.hgetall(`${prefix}:outbox:parked`);
    if (Object.keys(parked).length > 0) lines.push(`outbox parked: ${JSON.stringify(parked).slice(0, 2000)}`);
    const glns = new Set<string>();
    for (const { id, h } of stuck.slice(0, DESCRIBED)) {
      const gln = h.receiverGln;
      if (gln) glns.add(gln);
      const [events, outboxAt, sends] = await Promise.all([
        redis.lrange(`${prefix}:msg:${id}:events`, 0, -1),
        redis.zscore(`${prefix}:status:accepted`, id),
        Promise.resolve(Number(h.resends ?? 0)),
      ]);
      lines.push(
        `letter ${id}: status=${h.status ?? "(no record)"} created=${h.createdAt ?? "?"} updated=${h.updatedAt ?? "?"} ` +
          `deliveryAttempts=${h.deliveryAttempts ?? "?"} attemptsStarted=${h.attemptsStarted ?? "-"} ` +
          `attemptRecorded=${h.attemptRecorded ?? "-"} resends=${sends} receiver=${gln ?? "?"} ` +
          `in outbox=${outboxAt !== null ? `since ${new Date(Number(outboxAt)).toISOString()}` : "no"}`,
      );
      for (const e of events) lines.push(`    event ${e.slice(0, 300)}`);
      for (let send = 0; send <= sends; send++) {
        const jobId = send === 0 ? `deliver-${id}` : `deliver-${id}-resend-${send}`;
        lines.push(`    job ${await jobState(redis, deliveryBase, jobId)}`);
        const member = deadlineMember({ messageId: id, send, reason: "no-acknowledgement" });
        const keys = deadlineKeys(prefix);
        const [due, lease] = await Promise.all([redis.zscore(keys.due, member), redis.zscore(keys.inFlight, member)]);
        const at = (ms: string | null) => (ms === null ? "no" : new Date(Number(ms)).toISOString());
        lines.push(`    deadline ${member}: due ${at(due)}, claimed until ${at(lease)}`);
      }
    }
    if (stuck.length > DESCRIBED) lines.push(`… and ${stuck.length - DESCRIBED} more not delivered`);
    for (const gln of glns) lines.push(await breakerOf(redis, prefix, gln));
    lines.push(`redis clients:\n  ${await clients(redis)}`);
    for (const o of outputs) lines.push(`--- ${o.name}, last output ---\n${o.text.slice(-3000)}`);
    return lines.join("\n");
  } finally {
    redis.disconnect();
  }
}

/** The cluster's processes' output, named by role and pid, for explainUndelivered. */
export function processOutputs(cluster: Cluster): { name: string; text: string }[] {
  return [...cluster.workers, ...cluster.apis].map((p) => ({
    name:
      `${p.role} ${p.process.child.pid ?? "?"} ` +
      (p.process.child.exitCode !== null || p.process.child.signalCode !== null
        ? `(exited: ${p.process.child.exitCode ?? p.process.child.signalCode ?? "?"})`
        : "(running)"),
    text: p.process.output(),
  }));
}
