// Issue 12, "Done when": two API and two worker processes on one redis-server (appendonly yes, appendfsync always),
// several clients submitting letters with Idempotency-Keys and retrying 503s with the same key, and under that load a
// worker, an API process and redis-server itself killed with SIGKILL and started again. Afterwards: every letter
// answered 202 is delivered to the receiver's mailbox, nothing waits in a non-final status, no 5xx but 503, and no
// letter answered "nothing was accepted" is found stored. Run twice: with attachments' chunks in Redis, and as files
// in a folder the processes share (GATEWAY_BLOB_DIR: a chunk file is synced before Redis marks it, so a kill between
// the two leaves an orphan file, never a letter whose attachment is gone).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLN, KEYS } from "../support/gateway.js";
import { attachmentsNotWhole, mailboxIds, statusCounts, storedIds, until } from "./checks.js";
import { startCluster, startFaultRedis, waitReady, type Cluster, type FaultRedis } from "./cluster.js";
import { explainUndelivered, processOutputs } from "./diagnose.js";
import { DETACHED_PDF_BYTES, isDetachedLetter, judge, pushLoad } from "./load.js";

const TOTAL = 400;

describe.each([
  ["chunks in Redis", false],
  ["chunks as files", true],
])("processes killed under load (appendfsync always, %s)", (_, blobFiles) => {
  /** Keys of the letters the first test found stored after every answer said "nothing was accepted". */
  let storedAfterNothingAccepted: string[] | undefined;
  let redis: FaultRedis;
  let cluster: Cluster;
  beforeAll(async () => {
    redis = await startFaultRedis("always");
    cluster = await startCluster({ redis, fsync: "always", blobFiles });
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.remove();
  });

  it("delivers every 202, leaves nothing stuck, answers no 5xx but 503", async () => {
    const [worker0, worker1] = cluster.workers;
    const [api0] = cluster.apis;
    if (!worker0 || !worker1 || !api0) throw new Error("cluster incomplete");
    const restarts: Promise<void>[] = [];
    const faults: string[] = [];
    const fault = (what: string, action: () => Promise<void>) => {
      faults.push(what);
      restarts.push(action());
    };
    // Each kind of process killed while letters are being submitted and delivered, at fixed points of the load.
    const schedule = new Map<number, () => void>([
      [60, () => fault("kill -9 worker", () => cluster.killAndRestart(worker0))],
      [130, () => fault("kill -9 api", () => cluster.killAndRestart(api0))],
      [200, () => fault("kill -9 redis", () => restartRedis(redis, 500))],
      [
        300,
        () => {
          fault("kill -9 worker", () => cluster.killAndRestart(worker1));
          fault("kill -9 redis", () => restartRedis(redis, 1500));
        },
      ],
    ]);
    const started = Date.now();
    const submissions = await pushLoad({
      total: TOTAL,
      concurrency: 8,
      urls: () => cluster.apiUrls(),
      onProgress: (done) => schedule.get(done)?.(),
    });
    await Promise.all(restarts);
    for (const api of cluster.apis) await waitReady(api);
    const verdict = judge(submissions);
    console.info(
      `faults: ${faults.join(", ")}; ${TOTAL} letters in ${Date.now() - started} ms; answers ${JSON.stringify(
        verdict.statuses,
      )}; 503 "may not have been accepted": ${verdict.uncertain503}`,
    );

    expect(verdict.unexpected).toEqual([]);
    expect(verdict.notAccepted).toEqual([]);
    const ids = submissions.map((s) => s.id ?? "");
    expect(new Set(ids).size).toBe(TOTAL);

    // Nothing stuck: after recovery every letter leaves accepted/queued and reaches the receiver's mailbox.
    const counts = await until(
      async () => {
        const c = await statusCounts(redis.url, cluster.prefix);
        return c.accepted === 0 && c.queued === 0 && c.delivered === TOTAL ? c : undefined;
      },
      120_000,
      "every letter delivered",
      () => explainUndelivered(redis.url, cluster.prefix, processOutputs(cluster)),
    ).catch(async (err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(await statusCounts(redis.url, cluster.prefix))}`);
    });
    expect(counts).toMatchObject({ accepted: 0, queued: 0, delivered: TOTAL, failed: 0 });
    const url = cluster.apiUrls()[0] ?? "";
    const inMailbox = await mailboxIds(url, GLN.gp, KEYS.gp);
    expect(ids.filter((id) => !inMailbox.has(id))).toEqual([]);
    // Every letter with a detached attachment (one in ten, load.ts) reads back whole: its blob survived the kills.
    const detached = submissions.filter((s) => isDetachedLetter(s.key)).map((s) => s.id ?? "");
    expect(detached.length).toBe(TOTAL / 10);
    expect(await attachmentsNotWhole(url, GLN.gp, KEYS.gp, detached, DETACHED_PDF_BYTES)).toEqual([]);
    // Idempotency held under faults: one stored letter per key, none beside them.
    expect([...(await storedIds(redis.url, cluster.prefix))].sort()).toEqual([...ids].sort());
    storedAfterNothingAccepted = verdict.storedAfterNothingAccepted;
    console.info(
      `faults: letters answered 503 "nothing was accepted" yet stored: ${storedAfterNothingAccepted.length}`,
    );
  }, 300_000);

  // Issue 12, point 1: a 503 that says "nothing was accepted" must be true. The "may not have been accepted: retry
  // with the same Idempotency-Key" 503 makes no such claim and is tolerated (CLAIMS_NOTHING_ACCEPTED). Kept apart
  // from the delivery checks: it fails until the point-1 change (i12-submit) is merged.
  it("answers no stored letter with a 503 that says nothing was accepted (issue 12, point 1)", () => {
    expect(storedAfterNothingAccepted).toEqual([]);
  });
});

async function restartRedis(r: FaultRedis, downMs: number): Promise<void> {
  await r.crash();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await r.start();
}
