// What the network's use cases need beyond the other use cases' dependencies: the VANS adapter's memory of envelopes
// (src/domain/ports/vans-envelopes.ts; issue 16, LEGACY.md §5.2): the envelopes received and the receipt each was
// answered with, and the envelopes sent and the message each carried.
import type { VansReceivedEnvelopes, VansSentEnvelopes } from "../../domain/ports/index.js";
import type { UseCaseDeps } from "../deps.js";

export interface NetworkDeps extends UseCaseDeps {
  vansReceived: VansReceivedEnvelopes;
  vansSent: VansSentEnvelopes;
}
