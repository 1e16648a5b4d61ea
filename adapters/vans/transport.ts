// The VANS provider's client interface as the adapter sees it (issue 16, point 1): an outbox the gateway puts
// envelopes in and an inbox the network's envelopes arrive in. Two implementations: a pair of local folders (the
// usual VANS client set-up, watched by the provider's software) and SFTP to the provider.
//
// Names are the gateway's own or come from outside: every name read from the inbox is checked (isSafeFileName)
// before it is used; an envelope is put under a temporary name and renamed, so the provider never picks up half a file.

export interface VansTransport {
  /** Put one envelope in the outbox, atomically (temporary name, then rename). `name` is the gateway's own. The bytes
   *  whole, or in pieces (a streamed letter's envelope, issue 17: iterated once, never joined). */
  put(name: string, bytes: Uint8Array | AsyncIterable<Uint8Array>): Promise<void>;
  /** The envelopes waiting in the inbox (plain file names, hidden and temporary names left out). */
  list(): Promise<string[]>;
  /** Read one (at most `maxBytes`; a larger file is refused, not read). */
  read(name: string, maxBytes: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }>;
  /** Remove one that was handled. */
  remove(name: string): Promise<void>;
  /** Move one that cannot be handled to the inbox's `rejected/` with a report beside it. */
  reject(name: string, report: string): Promise<void>;
  close(): Promise<void>;
}

/** The provider cannot be reached (network, SFTP refused): a receiver outage, retried by the circuit breaker. */
export class VansUnreachable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "VansUnreachable";
  }
}
