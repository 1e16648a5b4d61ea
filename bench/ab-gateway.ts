// Two builds of the gateway side by side (issue 17, point 3): on a shared host the e2e bench's CPU per letter moves
// ±10 % between runs minutes apart, more than a change of a few per cent does. Here both builds run at the same time,
// each as deployed (api and worker processes on a Redis of their own), and one open loop sends each of them the same
// letters at the same fixed rate, interleaved; whatever slows the machine slows both. Per round it prints each build's
// CPU milliseconds per letter by process and the api's ratio (this checkout's build over the other).
// `BENCH_AB_OTHER=<path to another checkout's dist/src/cli.js> npx tsx bench/ab-gateway.ts`
// BENCH_AB_RATE letters/s to each (default 150), BENCH_AB_SECONDS per round (default 20), BENCH_AB_ROUNDS (default 4);
// BENCH_E2E_ONLY=text|pdf as in the e2e bench.
import { cpuPerLetterBetween, gateway, hundredth, measure, waitDone, type System } from "./e2e-http.js";
import { paced } from "./e2e-http/load.js";

const other = process.env.BENCH_AB_OTHER;
if (!other) throw new Error("set BENCH_AB_OTHER to the other build's dist/src/cli.js");
/** BENCH_AB_OTHER_ENV: JSON of environment variables for the other build's processes only (a setting compared). */
const otherEnv = JSON.parse(process.env.BENCH_AB_OTHER_ENV ?? "{}") as NodeJS.ProcessEnv;
const RATE = Number(process.env.BENCH_AB_RATE ?? 150);
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 4);

/** One round: both systems paced at RATE for SECONDS at once, then until every letter is delivered. */
async function round(systems: readonly System[]): Promise<Record<string, number>[]> {
  const before = await Promise.all(systems.map((s) => s.done()));
  const cpu = systems.map((s) => s.cpu());
  const sent = await Promise.all(systems.map((s) => paced(s.origin, RATE, SECONDS)));
  await Promise.all(systems.map((s, i) => waitDone(s, (before[i] ?? 0) + (sent[i]?.accepted ?? 0))));
  // A request that failed without an answer (a keep-alive socket the server closed as it was reused) is reported,
  // not fatal: the figure is CPU per accepted letter.
  return systems.map((s, i) => ({
    ...cpuPerLetterBetween(cpu[i] ?? {}, s.cpu(), sent[i]?.accepted ?? 1),
    refused: sent[i]?.refused ?? 0,
  }));
}

await measure(
  (dir) => gateway(dir, other, otherEnv),
  (otherSystem) =>
    measure(gateway, async (ours) => {
      await round([otherSystem, ours]); // warm-up: the JIT, the pools
      for (let i = 0; i < ROUNDS; i++) {
        const order = i % 2 === 0 ? [otherSystem, ours] : [ours, otherSystem];
        const figures = await round(order);
        const [a, b] = [figures[order.indexOf(otherSystem)], figures[order.indexOf(ours)]];
        const ratio = hundredth((b?.api ?? 0) / (a?.api ?? 1));
        process.stdout.write(`${JSON.stringify({ round: i + 1, other: a, ours: b, apiRatio: ratio })}\n`);
      }
    }),
);
