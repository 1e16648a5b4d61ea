// The hand-over batcher on its own (issue 17, point 3): concurrent hand-overs share one bulk add and one pipeline of
// transitions; a message is marked queued only after its own job was added; one message's failure is its own; a
// batch's whole failure fails each of its hand-overs (the outbox hands them over later); idle() waits for all.
import { describe, expect, it } from "vitest";
import { createHandOverBatcher, type HandOverBatchDeps } from "../../../src/background/hand-over-batcher.js";
import type { TransitionResult } from "../../../src/domain/ports/message-store.js";
import type { StatusChange } from "../../../src/store/message-store.js";

interface Fake extends HandOverBatchDeps {
  /** Every call in order: "bulk a,b", "add a", "mark a,b". */
  calls: string[];
  queued: Set<string>;
}

function fake(o: { bulkFails?: boolean; refuse?: string[]; markFails?: boolean; markError?: string[] } = {}): Fake {
  const calls: string[] = [];
  const queued = new Set<string>();
  const tick = () => new Promise((r) => setTimeout(r, 1));
  return {
    calls,
    queued,
    now: () => new Date("2026-01-01T00:00:00Z"),
    async enqueueMany(sends) {
      calls.push(`bulk ${sends.map((s) => `${s.messageId}/${s.send}`).join(",")}`);
      await tick();
      if (o.bulkFails || sends.some((s) => o.refuse?.includes(s.messageId))) throw new Error("bulk refused");
      for (const s of sends) queued.add(s.messageId);
    },
    async enqueue(messageId, send) {
      calls.push(`add ${messageId}/${send}`);
      await tick();
      if (o.refuse?.includes(messageId)) throw new Error(`refused ${messageId}`);
      queued.add(messageId);
    },
    async transitionMany(changes: readonly StatusChange[]) {
      calls.push(`mark ${changes.map((c) => c.id).join(",")}`);
      // Never before the job is in the queue.
      for (const c of changes) expect(queued.has(c.id)).toBe(true);
      for (const c of changes) expect([c.from, c.to, c.event.type]).toEqual(["accepted", "queued", "queued"]);
      await tick();
      if (o.markFails) throw new Error("pipeline lost");
      return changes.map((c): TransitionResult | Error =>
        o.markError?.includes(c.id) ? new Error(`mark ${c.id}`) : "ok",
      );
    },
  };
}

const outcome = (p: Promise<void>) =>
  p.then(
    () => "ok",
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );

describe("createHandOverBatcher", () => {
  it("hands over the hand-overs asked for in one turn as one bulk add, then one pipeline of transitions", async () => {
    const deps = fake();
    const batcher = createHandOverBatcher(deps);
    const results = await Promise.all(["a", "b", "c"].map((id, i) => outcome(batcher.handOver(id, i))));
    expect(results).toEqual(["ok", "ok", "ok"]);
    expect(deps.calls).toEqual(["bulk a/0,b/1,c/2", "mark a,b,c"]);
  });

  it("gathers those asked for while a batch is in flight into the next batch, in order", async () => {
    const deps = fake();
    const batcher = createHandOverBatcher(deps);
    const first = batcher.handOver("a", 0);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r)); // the first batch is in flight now
    const later = ["b", "c"].map((id) => batcher.handOver(id, 0));
    await Promise.all([first, ...later]);
    expect(deps.calls).toEqual(["bulk a/0", "mark a", "bulk b/0,c/0", "mark b,c"]);
  });

  it("keeps batches within the limit", async () => {
    const deps = { ...fake(), maxBatch: 2 };
    const batcher = createHandOverBatcher(deps);
    await Promise.all(["a", "b", "c"].map((id) => batcher.handOver(id, 0)));
    expect(deps.calls).toEqual(["bulk a/0,b/0", "mark a,b", "bulk c/0", "mark c"]);
  });

  it("fails only the message whose job is refused: the others are added on their own and marked queued", async () => {
    const deps = fake({ refuse: ["b"] });
    const batcher = createHandOverBatcher(deps);
    const results = await Promise.all(["a", "b", "c"].map((id) => outcome(batcher.handOver(id, 0))));
    expect(results).toEqual(["ok", "refused b", "ok"]);
    expect(deps.calls).toEqual(["bulk a/0,b/0,c/0", "add a/0", "add b/0", "add c/0", "mark a,c"]);
  });

  it("marks nothing queued when no job could be added (the outbox hands them over later)", async () => {
    const deps = fake({ refuse: ["a", "b"] });
    const batcher = createHandOverBatcher(deps);
    const results = await Promise.all(["a", "b"].map((id) => outcome(batcher.handOver(id, 0))));
    expect(results).toEqual(["refused a", "refused b"]);
    expect(deps.calls.filter((c) => c.startsWith("mark"))).toEqual([]);
  });

  it("fails one message whose transition fails, and every message of a pipeline that fails as a whole", async () => {
    const one = fake({ markError: ["b"] });
    const b1 = createHandOverBatcher(one);
    expect(await Promise.all(["a", "b"].map((id) => outcome(b1.handOver(id, 0))))).toEqual(["ok", "mark b"]);
    const all = fake({ markFails: true });
    const b2 = createHandOverBatcher(all);
    expect(await Promise.all(["a", "b"].map((id) => outcome(b2.handOver(id, 0))))).toEqual([
      "pipeline lost",
      "pipeline lost",
    ]);
    // A later hand-over is not held up by the failed batch.
    all.transitionMany = (changes) => Promise.resolve(changes.map(() => "ok" as const));
    expect(await outcome(b2.handOver("c", 0))).toBe("ok");
  });

  it("idle() waits until every hand-over asked for has finished (a graceful shutdown)", async () => {
    const deps = fake();
    const batcher = createHandOverBatcher(deps);
    const done: string[] = [];
    for (const id of ["a", "b"]) void batcher.handOver(id, 0).then(() => done.push(id));
    await batcher.idle();
    await Promise.resolve();
    expect(done).toEqual(["a", "b"]);
    expect(deps.calls).toEqual(["bulk a/0,b/0", "mark a,b"]);
    await batcher.idle(); // nothing in flight: at once
  });
});
