// Does the cost of a function grow linearly with its input? Measured as CPU time (process.cpuUsage, so a busy
// machine's waiting does not count) on an input of about 100 KB and one ten times larger, built by the same
// generator. Linear work costs ~10× more; a quadratic scan ~100×. The bound (25×) leaves room for noise, caches and
// the garbage collector, and the measurement is retried a few times before it fails. No absolute times (issue 11,
// point 4: "compare 100 KB with 1 MB in one run").
import { collectGarbage } from "./collect-garbage.js";

export const SMALL = 100 * 1024;
export const LARGE = 10 * SMALL;
export const MAX_RATIO = 25;

/** CPU microseconds per call of `run`: `calls` calls timed together, the best of `batches` batches. */
export function cpuMicros(run: () => unknown, calls = 1, batches = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < batches; b++) {
    // Each batch starts on a collected heap: otherwise whether a scavenge — copying whatever the last call left
    // alive — falls inside a batch is chance, and it moved the ratio for 1 MB of siblings between 11 and 53 from one
    // run to the next (one CI run failed at 25.6 three times in a row); collected first, 7.5–10.3.
    collectGarbage();
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / calls);
  }
  return Math.max(best, 1);
}

/** The ratio of the cost on a ~1 MB input to the cost on a ~100 KB input. */
export function costRatio<T>(generate: (size: number) => T, run: (input: T) => unknown): number {
  const small = generate(SMALL);
  const large = generate(LARGE);
  // Warm up on both (JIT, lazy initialisation, flattening the generated strings), then time the small input over
  // ten calls per batch so that its few milliseconds are not lost in the clock's and the collector's noise.
  run(small);
  run(large);
  return cpuMicros(() => run(large)) / cpuMicros(() => run(small), 10);
}

/** Assert that `run` costs at most MAX_RATIO times more on a 10× larger input; retried up to three times for noise. */
export function expectLinearCost<T>(generate: (size: number) => T, run: (input: T) => unknown): void {
  let ratio = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && ratio >= MAX_RATIO; attempt++) ratio = costRatio(generate, run);
  if (ratio >= MAX_RATIO)
    throw new Error(`A 10× larger input cost ${ratio.toFixed(1)}× more (linear ≈ 10, allowed < ${MAX_RATIO}).`);
}

/** Repeat `unit` until the text is at least `size` characters long, between `head` and `tail`. */
export function repeated(unit: string, size: number, head = "", tail = ""): string {
  return head + unit.repeat(Math.max(1, Math.ceil(size / unit.length))) + tail;
}
