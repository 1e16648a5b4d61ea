// The ports the use cases depend on, in one place: src/store implements them on Redis, src/store/memory in memory,
// and both pass the same contract tests (tests/support/contracts).
export type * from "./audit-log.js";
export type * from "./breaker-store.js";
export type * from "./counters.js";
export type * from "./mailbox-store.js";
export type * from "./message-store.js";
export type * from "./outbox-parking.js";
export type * from "./rate-limiter.js";
export type * from "../clock.js";
