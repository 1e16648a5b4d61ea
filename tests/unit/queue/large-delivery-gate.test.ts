// The worker's large-delivery slots (issue 17, step 1): a delivery of a large content (a document over 1 MiB once its
// detached attachments are expanded, or a content over 1 MiB) takes a slot of its process while it runs; with none free the job is parked a few seconds
// (DelayedError, no attempt started, not failed); the slot is given back however the delivery ends; small letters
// and the mailbox are never gated.
import { DelayedError } from "bullmq";
import { describe, expect, it } from "vitest";
import type { DeliveryAdapter } from "../../../adapters/types.js";
import { processDelivery, type DeliveryDeps, type DeliveryStore } from "../../../queue/delivery-processor.js";
import {
  isLargeDelivery,
  LARGE_CONTENT_CHARS,
  LARGE_DELIVERY_SLOTS,
  largeDeliverySlots,
  type LargeDeliverySlots,
} from "../../../queue/large-delivery-gate.js";
import { loadEnv } from "../../../src/config/load.js";
import { silentLogger } from "../../../src/log.js";
import { createDirectory } from "../../../src/routing/directory.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { demoLocations } from "../../support/config.js";

const ID = "00000000-0000-4000-8000-000000000001";
const GP = "5790000209354";
const NOW = Date.parse("2026-11-22T10:00:00Z");
const LARGE = `{"resourceType":"Bundle","entry":[{"data":"detached:0a1b2c3d-0000-4000-8000-000000000001"}]}`;
const SMALL = '{"resourceType":"Bundle","type":"message"}';

const BLOB = "0a1b2c3d-0000-4000-8000-000000000001";
/** A blob store that knows one blob's size (decoded bytes). */
const sized = (bytes: number | undefined) => ({
  size: (id: string) => Promise.resolve(id === BLOB ? bytes : undefined),
  read: () => {
    throw new Error("not read by the gate");
  },
});

function setUp(
  content: string,
  slots: LargeDeliverySlots,
  adapter: "file-drop" | "mailbox" = "file-drop",
  blobs?: DeliveryDeps["blobs"],
) {
  const record: MessageRecord = {
    id: ID,
    bundleId: "b",
    kind: "new",
    sender: { gln: "5790001348120", name: "PPR" },
    receiver: { gln: GP, name: "GP" },
    status: "queued",
    createdAt: new Date(NOW).toISOString(),
    updatedAt: "",
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: "t",
    fingerprint: "f",
  };
  let started = 0;
  let contentReads = 0;
  const store: DeliveryStore = {
    get: () => Promise.resolve({ ...record }),
    content: () => {
      contentReads++;
      return Promise.resolve(content);
    },
    transition: (_id, _from, to) => {
      record.status = to;
      return Promise.resolve("ok");
    },
    startAttempt: () => Promise.resolve(++started),
    recordAttempt: () => Promise.resolve(1),
  };
  const inUseDuring: number[] = [];
  const fake: DeliveryAdapter = {
    name: "fake",
    async deliver(d) {
      inUseDuring.push(slots.inUse);
      await d.documents().catch(() => undefined);
      return { outcome: "delivered" };
    },
  };
  const locations = demoLocations().map((l) =>
    l.gln === GP ? { ...l, delivery: adapter === "mailbox" ? { adapter } : { adapter, dir: "/nonexistent" } } : l,
  );
  const parked: number[] = [];
  const deps: DeliveryDeps = {
    store,
    directory: createDirectory(locations),
    adapterFor: () => fake,
    scheduleAckDeadline: () => Promise.resolve(),
    now: () => new Date(NOW),
    log: silentLogger(),
    largeSlots: slots,
    ...(blobs ? { blobs } : {}),
  };
  const control = {
    park: (until: number) => {
      parked.push(until);
      return Promise.resolve();
    },
  };
  const run = () => processDelivery({ id: "job-1", data: { messageId: ID }, attemptsMade: 0, opts: {} }, deps, control);
  return { run, parked, inUseDuring, started: () => started, reads: () => contentReads };
}

describe("large-delivery slots", () => {
  it("a large delivery holds a slot while it runs and gives it back; the content is read once", async () => {
    const slots = largeDeliverySlots(2);
    const t = setUp(LARGE, slots);
    await expect(t.run()).resolves.toBe("delivered");
    expect(t.inUseDuring).toEqual([1]);
    expect(slots.inUse).toBe(0);
    expect(t.reads()).toBe(1);
  });

  it("with every slot taken, the job is parked a few seconds: no attempt started, not failed", async () => {
    const slots = largeDeliverySlots(1);
    const held = slots.take();
    const t = setUp(LARGE, slots);
    await expect(t.run()).rejects.toBeInstanceOf(DelayedError);
    expect(t.started()).toBe(0);
    expect(t.parked).toHaveLength(1);
    expect(t.parked[0]).toBeGreaterThanOrEqual(NOW + 2_500);
    expect(t.parked[0]).toBeLessThanOrEqual(NOW + 7_500);
    held?.();
    await expect(t.run()).resolves.toBe("delivered");
  });

  it("small letters and the mailbox are not gated", async () => {
    const slots = largeDeliverySlots(1);
    slots.take();
    await expect(setUp(SMALL, slots).run()).resolves.toBe("delivered");
    await expect(setUp(LARGE, slots, "mailbox").run()).resolves.not.toBe(undefined);
  });

  it("a letter naming a small detached attachment (a 200 KB PDF) is not gated when its blob's size is known", async () => {
    const slots = largeDeliverySlots(1);
    slots.take();
    await expect(setUp(LARGE, slots, "file-drop", sized(200 * 1024)).run()).resolves.toBe("delivered");
    const large = setUp(LARGE, slots, "file-drop", sized(800 * 1024));
    await expect(large.run()).rejects.toBeInstanceOf(DelayedError);
    expect(large.parked).toHaveLength(1);
  });

  it("isLargeDelivery: the document expanded over the threshold, or a detached attachment of unknown size", async () => {
    const size = (bytes: number | undefined) => sized(bytes).size;
    expect(await isLargeDelivery(SMALL)).toBe(false);
    expect(await isLargeDelivery(undefined)).toBe(false);
    expect(await isLargeDelivery("x".repeat(LARGE_CONTENT_CHARS + 1))).toBe(true);
    // Without the blob store's answer a token counts as large, as it did before every attachment was detached.
    expect(await isLargeDelivery(LARGE)).toBe(true);
    expect(await isLargeDelivery(LARGE, size(undefined))).toBe(true);
    expect(await isLargeDelivery(LARGE, () => Promise.reject(new Error("redis down")))).toBe(true);
    expect(await isLargeDelivery(`${LARGE.slice(0, -2)}`, size(1))).toBe(true);
    // Its base64 counted: 4 characters for every 3 bytes begun, beside the content's own.
    const fits = Math.floor((LARGE_CONTENT_CHARS - LARGE.length) / 4) * 3;
    expect(await isLargeDelivery(LARGE, size(fits))).toBe(false);
    expect(await isLargeDelivery(LARGE, size(fits + 1))).toBe(true);
    // A blob named twice is delivered twice.
    const twice = `{"resourceType":"Bundle","entry":[{"data":"detached:${BLOB}"},{"data":"detached:${BLOB}"}]}`;
    expect(await isLargeDelivery(twice, size(fits))).toBe(true);
    expect(await isLargeDelivery(twice, size(fits / 3))).toBe(false);
    expect(await isLargeDelivery(twice, size(200 * 1024))).toBe(false);
    const slots = largeDeliverySlots(1);
    const release = slots.take();
    expect(slots.take()).toBeUndefined();
    release?.();
    release?.();
    expect(slots.inUse).toBe(0);
  });
});

describe("GATEWAY_MAX_LARGE_DELIVERIES", () => {
  it("sets a worker process's large delivery slots; unset, the default; not a whole number ≥ 1, refused", () => {
    const set = loadEnv({ GATEWAY_MAX_LARGE_DELIVERIES: "5" });
    expect(set.ok && set.value.maxLargeDeliveries).toBe(5);
    const unset = loadEnv({});
    expect(unset.ok && "maxLargeDeliveries" in unset.value).toBe(false);
    for (const bad of ["0", "-1", "1.5", "2e3", "", " 3", "12345"]) {
      const answer = loadEnv({ GATEWAY_MAX_LARGE_DELIVERIES: bad });
      expect(answer.ok, bad).toBe(false);
      expect(answer.issues.map((i) => i.path)).toEqual(["GATEWAY_MAX_LARGE_DELIVERIES"]);
    }
    const slots = largeDeliverySlots(set.ok ? set.value.maxLargeDeliveries : undefined);
    const taken = Array.from({ length: 6 }, () => slots.take());
    expect(taken.filter(Boolean)).toHaveLength(5);
    const defaults = largeDeliverySlots(unset.ok ? unset.value.maxLargeDeliveries : undefined);
    expect(Array.from({ length: 4 }, () => defaults.take()).filter(Boolean)).toHaveLength(LARGE_DELIVERY_SLOTS);
  });
});
