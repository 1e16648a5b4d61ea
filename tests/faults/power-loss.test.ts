// Issue 12, points 2 and "Done when": a power loss of the Redis host under load. The power loss is modelled on the
// AOF's size over time (FaultRedis.powerLoss): the process dies at once and the file keeps only what was fsynced.
// With `appendfsync everysec` that is the size it had a second before, so letters already answered 202 may be gone
// after the restart (a figure the test logs; how many depends on timing); with `appendfsync always` Redis fsyncs
// before it answers, and not one 202 may be lost (the test asserts that).
import { afterEach, describe, expect, it } from "vitest";
import { statusCounts, storedIds, until } from "./checks.js";
import { startCluster, startFaultRedis, waitReady, type Cluster, type FaultRedis, type Fsync } from "./cluster.js";
import { explainUndelivered, processOutputs } from "./diagnose.js";
import { judge, pushLoad } from "./load.js";

const TOTAL = 400;
const POWER_LOSS_AT = 250;

let redis: FaultRedis | undefined;
let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  await redis?.remove();
});

/** Submits TOTAL letters, loses power at POWER_LOSS_AT, restarts Redis; which 202'd letters are missing after. */
async function runPowerLoss(fsync: Fsync) {
  const r = await startFaultRedis(fsync);
  redis = r;
  const c = await startCluster({ redis: r, fsync }, 1, 1);
  cluster = c;
  let outage: Promise<void> = Promise.resolve();
  let bytesLost = 0;
  let lossAt = 0;
  const submissions = await pushLoad({
    total: TOTAL,
    concurrency: 8,
    urls: () => c.apiUrls(),
    keyPrefix: `power-${fsync}`,
    onProgress: (done) => {
      if (done !== POWER_LOSS_AT) return;
      outage = (async () => {
        lossAt = Date.now();
        bytesLost = (await r.powerLoss()).bytesLost;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await r.start();
      })();
    },
  });
  await outage;
  for (const api of c.apis) await waitReady(api);
  const verdict = judge(submissions);
  const stored = await storedIds(r.url, c.prefix);
  const answered202 = submissions.filter((s) => s.final === 202 && s.id !== undefined);
  const lost = answered202.filter((s) => !stored.has(s.id ?? ""));
  const before = answered202.filter((s) => (s.acceptedAt ?? 0) <= lossAt).length;
  console.info(
    `power loss, appendfsync ${fsync}: ${bytesLost} AOF bytes dropped; ${before} letters answered 202 before the ` +
      `power loss, ${lost.length} of them missing after the restart; answers ${JSON.stringify(verdict.statuses)}; ` +
      `answered 503 "nothing was accepted" yet stored: ${verdict.storedAfterNothingAccepted.length}`,
  );
  return { verdict, lost, stored, answered202, redis: r, cluster: c };
}

describe("a power loss of the Redis host under load", () => {
  it("with appendfsync everysec: letters answered 202 may be lost (reported, not asserted)", async () => {
    const { verdict } = await runPowerLoss("everysec");
    expect(verdict.unexpected).toEqual([]);
  }, 300_000);

  it("with appendfsync always: not one letter answered 202 is lost, and every one is delivered", async () => {
    const run = await runPowerLoss("always");
    expect(run.verdict.unexpected).toEqual([]);
    expect(run.verdict.notAccepted).toEqual([]);
    expect(run.lost.map((s) => s.key)).toEqual([]);
    const ids = run.answered202.map((s) => s.id ?? "");
    const waitFrom = Date.now();
    const deliveredBefore = (await statusCounts(run.redis.url, run.cluster.prefix)).delivered ?? 0;
    const counts = await until(
      async () => {
        const c = await statusCounts(run.redis.url, run.cluster.prefix);
        return c.accepted === 0 && c.queued === 0 && c.delivered === run.stored.size ? c : undefined;
      },
      120_000,
      "every letter delivered",
      () => explainUndelivered(run.redis.url, run.cluster.prefix, processOutputs(run.cluster)),
    );
    console.info(
      `power loss, appendfsync always: ${run.stored.size - deliveredBefore} letters left to deliver after the load, ` +
        `all delivered ${Date.now() - waitFrom} ms later`,
    );
    expect(counts.delivered).toBeGreaterThanOrEqual(ids.length);
  }, 300_000);
});
