// Ordinary traffic beside the large letters (issue 17: "two 100 MB letters and ordinary traffic"): a steady trickle of
// ordinary compose requests from the bench process, an open loop (each sent on its tick whether or not the previous
// one was answered, so a gateway stalled by a large letter shows as latency, not as fewer requests). Each request's
// submit latency is kept; the delivery latency (accepted → delivered) is read afterwards from each letter's events.
import { ordinaryBody } from "../../tests/support/large-bodies.js";

export interface Trickle {
  stop(): Promise<TrickleResult>;
}

export interface TrickleResult {
  ids: string[];
  /** ms from sending to the 202, per accepted letter. */
  submitMs: number[];
  refused: Record<string, number>;
}

export function startTrickle(origin: string, key: string, receivers: readonly string[], perSecond: number): Trickle {
  const ids: string[] = [];
  const submitMs: number[] = [];
  const refused: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  const send = async () => {
    const body = ordinaryBody(receivers[n++ % receivers.length] ?? "");
    const started = performance.now();
    try {
      const response = await fetch(`${origin}/v1/messages`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body,
      });
      const answer = (await response.json()) as { id?: string };
      if (response.status === 202 && answer.id) {
        submitMs.push(performance.now() - started);
        ids.push(answer.id);
      } else refused[String(response.status)] = (refused[String(response.status)] ?? 0) + 1;
    } catch (err) {
      // fetch says only "fetch failed"; its cause says why (a connect timeout, a reset).
      const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
      const what = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      refused[what] = (refused[what] ?? 0) + 1;
    }
  };
  const timer = setInterval(() => {
    const p = send().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { ids, submitMs, refused };
    },
  };
}

/** accepted → delivered in ms for each letter, from its events (letters not yet delivered are left out). */
export async function deliveryMs(origin: string, key: string, ids: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const id of ids) {
    const response = await fetch(`${origin}/v1/messages/${id}`, { headers: { Authorization: `Bearer ${key}` } });
    const record = (await response.json()) as { events?: { type: string; at: string }[] };
    const at = (type: string) => record.events?.find((e) => e.type === type)?.at;
    const accepted = at("accepted");
    const delivered = at("delivered");
    if (accepted && delivered) out.push(Date.parse(delivered) - Date.parse(accepted));
  }
  return out;
}

export function percentiles(values: readonly number[]): { median: number; p99: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: Math.round(at(0.5)), p99: Math.round(at(0.99)), n: sorted.length };
}
