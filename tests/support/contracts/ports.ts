// What every contract suite is given: a fresh set of ports over one empty state (one Redis prefix, or one in-memory
// state), and the clock the time-keeping ports read.
import type { GatewayPorts } from "../../../src/domain/ports/index.js";

export type Ports = GatewayPorts;

/** Fresh ports over an empty state; `now` is the clock the counters read. */
export type PortsFactory = (now: () => Date) => Promise<Ports>;

/** A fixed instant the contract tests count from (the counters' hour buckets depend on it). */
export const T0 = Date.parse("2026-03-02T09:00:00.000Z");
export const iso = (ms: number): string => new Date(ms).toISOString();
