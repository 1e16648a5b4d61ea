// Timing helpers for `npm run bench`: every figure is one JSON line {name, unit, median, p99, n}.

export interface Figure {
  name: string;
  unit: string;
  median: number;
  p99: number;
  n: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Summarise samples (already in the figure's unit). */
export function figure(name: string, unit: string, samples: readonly number[]): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, unit, median: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), n: sorted.length };
}

/** Time a synchronous function: warm up first (JIT), then `n` timed runs, in milliseconds. */
export function timeSync(name: string, fn: () => unknown, n = 2000, warmup = 300): Figure {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return figure(name, "ms", samples);
}

export function print(f: Figure): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}
