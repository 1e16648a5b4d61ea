// A simulated VANS network for the two-gateway tests (issue 16, "Done when"): it does what a VANS provider's
// store-and-forward does for its customers' client folders. Each customer (a gateway) has a mailbox at the provider:
// an outbox the gateway writes envelopes into and an inbox the provider puts envelopes for it into, and the GLNs the
// provider has registered for that customer (SOR's "communication supplier", LEGACY.md §8). The hub takes every
// envelope from every outbox, reads it as VANSEnvelope 1.0.4 (LEGACY.md §5.1) and puts it, byte for byte, in the inbox
// of the mailbox that holds its ReceiverID. An envelope for a GLN no mailbox holds is answered with a NegativeVans
// receipt from the network (§5.1 Receipt), as a provider does for a receiver it cannot deliver to.
//
// The hub can also misbehave on purpose, as the envelope rules must survive (LEGACY.md §5.2): deliver an envelope
// again (the same one, or the same message in a new envelope), rewrite the next matching envelope (a reused
// EnvelopeIdentifier), answer the next matching envelope with a NegativeVans instead of delivering it, or put any
// envelope in an inbox. Everything it does is logged in `log`, in order, for the tests to assert on.
//
// It works on local folders only: with the SFTP transport the gateway reaches the same folders through the test's
// SFTP server (tests/support/vans-network.ts), and the hub stays the same.
import { mkdirSync, mkdtempSync } from "node:fs";
import { readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { writeFileAtomically } from "../../src/fs/safe-files.js";
import {
  negativeVansReceipt,
  readVansEnvelope,
  writeVansEnvelope,
  type VansEndPoint,
  type VansEnvelope,
  type VansError,
  type VansMessageEnvelope,
} from "../../src/medcom/vans/index.js";
import { eventually } from "./gateway.js";
import { describe, type HubAction, type HubRecord } from "./vans-hub-log.js";

export type { HubAction, HubRecord };

/** The network's own end point, the issuer of its NegativeVans receipts (EndPointType VANS, token ≤ 18). */
export const HUB_END_POINT: VansEndPoint = { id: "SIMULATEDVANS", type: "VANS" };

export interface HubMailboxSpec {
  name: string;
  /** The GLNs the provider delivers to this mailbox. */
  glns: readonly string[];
}

export interface HubMailbox extends HubMailboxSpec {
  /** Where the customer (gateway) puts envelopes for the network. */
  outbox: string;
  /** Where the network puts envelopes for the customer. */
  inbox: string;
}

/** What the hub does with the next envelope a rule matches (once). */
export type HubRuleAction =
  { negativeVans: VansError } | { rewrite: (envelope: VansMessageEnvelope) => VansEnvelope } | { drop: true };

export type HubMatch = (envelope: VansEnvelope, from: string) => boolean;

export interface VansHub {
  mailbox(name: string): HubMailbox;
  readonly log: readonly HubRecord[];
  /** The first error a pass ran into (a test reports it rather than timing out silently). */
  readonly lastError: unknown;
  /** Apply `action` to the next envelope `match` accepts (then the rule is spent). */
  once(match: HubMatch, action: HubRuleAction): void;
  /** Deliver an envelope the hub forwarded before once more: the same bytes, or the same message in a new envelope
   *  (a new EnvelopeIdentifier, as a sender's retransmission has). Returns the EnvelopeIdentifier delivered. */
  deliverAgain(envelopeIdentifier: string, options?: { newEnvelopeIdentifier?: boolean }): Promise<string>;
  /** Put an envelope in a mailbox's inbox (logged as injected). */
  inject(to: string, envelope: VansEnvelope | Uint8Array): Promise<HubRecord>;
  /** Wait until the log holds a record `match` accepts; returns it. */
  waitFor(match: (r: HubRecord) => boolean, timeoutMs?: number, what?: string): Promise<HubRecord>;
  /** Wait until a mailbox's inbox holds no envelope (its gateway has taken and handled every one). */
  drained(name: string, timeoutMs?: number): Promise<void>;
  /** Run one pass now (tests that want no wait). */
  pass(): Promise<void>;
  stop(): Promise<void>;
}

export interface HubOptions {
  mailboxes: readonly HubMailboxSpec[];
  /** Poll the outboxes this often (default 50 ms). */
  pollMs?: number;
  /** Where the mailboxes' folders are made (default: a new temporary directory). */
  root?: string;
}

/** A name the hub takes from an outbox: plain (not hidden, so not a writer's temporary file) and an XML file. */
const isEnvelopeFile = (name: string): boolean => !name.startsWith(".") && name.endsWith(".xml");

export function startVansHub(options: HubOptions): VansHub {
  const root = options.root ?? mkdtempSync(join(tmpdir(), "mg-vans-hub-"));
  const unreadableDir = join(root, "unreadable");
  mkdirSync(unreadableDir, { mode: 0o750 });
  const mailboxes = new Map<string, HubMailbox>();
  const byGln = new Map<string, HubMailbox>();
  for (const spec of options.mailboxes) {
    const base = join(root, spec.name);
    const box: HubMailbox = { ...spec, outbox: join(base, "out"), inbox: join(base, "in") };
    mkdirSync(box.outbox, { recursive: true, mode: 0o750 });
    mkdirSync(box.inbox, { recursive: true, mode: 0o750 });
    mailboxes.set(spec.name, box);
    for (const gln of spec.glns) byGln.set(gln, box);
  }
  const log: HubRecord[] = [];
  const forwarded = new Map<string, { bytes: Uint8Array; to: HubMailbox }>();
  const rules: { match: HubMatch; action: HubRuleAction }[] = [];
  let seq = 0;
  let lastError: unknown;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const record = (r: Omit<HubRecord, "seq">): HubRecord => {
    const full = { seq: ++seq, ...r };
    log.push(full);
    return full;
  };

  async function put(to: HubMailbox, bytes: Uint8Array, envelopeIdentifier: string): Promise<string> {
    // A name of the provider's choosing, unique per delivery: a second copy never replaces a first one still waiting.
    const file = `${String(seq + 1).padStart(6, "0")}-${envelopeIdentifier}.xml`;
    await writeFileAtomically(to.inbox, file, bytes);
    return file;
  }

  async function deliver(action: HubAction, from: string | undefined, envelope: VansEnvelope, bytes: Uint8Array) {
    const to = envelope.receiver.type === "EAN" ? byGln.get(envelope.receiver.id) : undefined;
    if (!to) {
      if (envelope.kind === "receipt")
        return record({ action: "dropped", ...describe(envelope), ...(from ? { from } : {}) });
      record({ action: "refused", ...describe(envelope), ...(from ? { from } : {}) });
      const refusal = negativeVansReceipt(
        envelope,
        { code: 1, description: `No VANS customer receives for ${envelope.receiver.type} ${envelope.receiver.id}.` },
        { sender: HUB_END_POINT },
      );
      // Back to the sender by its own ReceiverID, like any other envelope.
      await deliver("forwarded", undefined, refusal, writeVansEnvelope(refusal));
      return undefined;
    }
    const file = await put(to, bytes, envelope.envelopeIdentifier);
    forwarded.set(envelope.envelopeIdentifier, { bytes, to });
    return record({ action, ...describe(envelope), ...(from ? { from } : {}), to: to.name, file });
  }

  async function takeOne(box: HubMailbox, name: string): Promise<void> {
    const path = join(box.outbox, name);
    const bytes = new Uint8Array(await readFile(path));
    const read = readVansEnvelope(bytes);
    if (!read.ok) {
      record({ action: "unreadable", kind: "unreadable", from: box.name });
      await rename(path, join(unreadableDir, `${seq}-${name}`));
      return;
    }
    const envelope = read.value;
    const rule = rules.findIndex((r) => r.match(envelope, box.name));
    const action = rule >= 0 ? rules.splice(rule, 1)[0]?.action : undefined;
    if (action && "negativeVans" in action) {
      record({ action: "refused", ...describe(envelope), from: box.name });
      const refusal = negativeVansReceipt(envelope, action.negativeVans, { sender: HUB_END_POINT });
      await deliver("forwarded", undefined, refusal, writeVansEnvelope(refusal));
    } else if (action && "drop" in action) {
      record({ action: "dropped", ...describe(envelope), from: box.name });
    } else if (action && envelope.kind === "message") {
      const rewritten = action.rewrite(envelope);
      await deliver("rewritten", box.name, rewritten, writeVansEnvelope(rewritten));
    } else {
      await deliver("forwarded", box.name, envelope, bytes);
    }
    await rm(path, { force: true });
  }

  async function pass(): Promise<void> {
    for (const box of mailboxes.values()) {
      const names = (await readdir(box.outbox, { withFileTypes: true }))
        .filter((d) => d.isFile() && isEnvelopeFile(d.name))
        .map((d) => d.name)
        .sort();
      for (const name of names) await takeOne(box, name);
    }
  }

  const serial = (work: () => Promise<void>): Promise<void> => {
    const next = running.then(work, work);
    running = next.catch((err: unknown) => {
      lastError ??= err;
    });
    return next;
  };

  const loop = () => {
    if (stopped) return;
    void serial(pass).finally(() => {
      if (!stopped) setTimeout(loop, options.pollMs ?? 50);
    });
  };
  loop();

  return {
    mailbox(name) {
      const box = mailboxes.get(name);
      if (!box) throw new Error(`no mailbox ${name} at the hub`);
      return box;
    },
    log,
    get lastError() {
      return lastError;
    },
    once(match, action) {
      rules.push({ match, action });
    },
    async deliverAgain(envelopeIdentifier, o = {}) {
      const earlier = forwarded.get(envelopeIdentifier);
      if (!earlier) throw new Error(`the hub never forwarded envelope ${envelopeIdentifier}`);
      let delivered = envelopeIdentifier;
      await serial(async () => {
        const read = readVansEnvelope(earlier.bytes);
        if (!read.ok) throw new Error("a forwarded envelope no longer reads");
        const envelope = o.newEnvelopeIdentifier ? { ...read.value, envelopeIdentifier: randomUUID() } : read.value;
        delivered = envelope.envelopeIdentifier;
        const bytes = o.newEnvelopeIdentifier ? writeVansEnvelope(envelope) : earlier.bytes;
        await deliver("redelivered", undefined, envelope, bytes);
      });
      return delivered;
    },
    async inject(to, envelope) {
      const box = this.mailbox(to);
      let result: HubRecord | undefined;
      await serial(async () => {
        const bytes = envelope instanceof Uint8Array ? envelope : writeVansEnvelope(envelope);
        const read = readVansEnvelope(bytes);
        const id = read.ok ? read.value.envelopeIdentifier : randomUUID();
        const file = await put(box, bytes, id);
        result = record({ action: "injected", ...(read.ok ? describe(read.value) : { kind: "unreadable" }), to, file });
      });
      if (!result) throw new Error("injection failed");
      return result;
    },
    waitFor: (match, timeoutMs = 20_000, what = "a hub record") =>
      eventually(
        () => {
          if (lastError !== undefined) throw new Error("the hub failed", { cause: lastError });
          return Promise.resolve(log.find(match));
        },
        timeoutMs,
        what,
      ),
    async drained(name, timeoutMs = 20_000) {
      const box = this.mailbox(name);
      await eventually(
        async () => ((await readdir(box.inbox)).some(isEnvelopeFile) ? undefined : true),
        timeoutMs,
        `the inbox of ${name} to be empty`,
      );
    },
    pass: () => serial(pass),
    async stop() {
      stopped = true;
      await running;
      await rm(root, { recursive: true, force: true });
    },
  };
}
