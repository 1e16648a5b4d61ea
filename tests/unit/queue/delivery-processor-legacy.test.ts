// The delivery processor for a location whose first format is "xdis91" (issue 15), with fakes through its deps: the
// OIOXML documents are made and their ids kept before any adapter runs; a letter that cannot be made into XDIS91
// fails for good with a reason that names no letter text, and no adapter is called.
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import type { DeliveryAdapter, DeliveryDocument } from "../../../adapters/types.js";
import { processDelivery, type DeliveryDeps, type DeliveryStore } from "../../../queue/delivery-processor.js";
import type { LocationConfig } from "../../../src/config/schema.js";
import type { MessageRecord } from "../../../src/domain/record.js";
import { silentLogger } from "../../../src/log.js";
import type { Xbin01, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { createDirectory } from "../../../src/routing/directory.js";
import { StoredValueCorrupt } from "../../../src/store/corrupt.js";
import { createMemoryLegacyIds } from "../../../src/store/memory/legacy-ids.js";
import type { LegacyConversions } from "../../../src/usecases/deliver/legacy-conversions.js";
import { demoLocations } from "../../support/config.js";

const ID = "00000000-0000-4000-8000-0000000000a1";
const LEGACY: LocationConfig = {
  gln: "5790000300016",
  sor: "100000000000031",
  name: "PPR Legacy",
  kind: "ppr",
  formats: ["xdis91"],
  delivery: { adapter: "file-drop", dir: "/nowhere" },
};

function fakeStore(): DeliveryStore & { record: MessageRecord } {
  const record: MessageRecord = {
    id: ID,
    bundleId: "b",
    kind: "new",
    sender: { gln: "5790000209354", name: "GP" },
    receiver: { gln: LEGACY.gln, name: "PPR Legacy" },
    status: "queued",
    createdAt: "",
    updatedAt: "",
    deliveryAttempts: 0,
    resends: 0,
    submittedBy: "t",
    fingerprint: "f",
  };
  let started = 0;
  return {
    record,
    get: () => Promise.resolve({ ...record }),
    content: () => Promise.resolve('{"resourceType":"Bundle","type":"message","text":"Nancy\'s letter"}'),
    transition(_id, from, to, _event, { fields = {} } = {}) {
      if (!(typeof from === "string" ? [from] : from).includes(record.status)) return Promise.resolve(record.status);
      Object.assign(record, { status: to }, fields);
      return Promise.resolve("ok");
    },
    startAttempt: () => Promise.resolve(record.status === "queued" ? ++started : 0),
    recordAttempt: () => Promise.resolve(++record.deliveryAttempts),
  };
}

const envelope = (identifier: string) => ({
  sent: { date: "2026-12-05", time: "10:00" },
  identifier,
  acknowledgementCode: "pluspositivkvitt" as const,
});

function conversions(refuse = false): LegacyConversions {
  return {
    toXdis91: (_bundle, ids) =>
      refuse
        ? {
            ok: false,
            issues: [
              {
                severity: "error",
                code: "legacy-text",
                path: "Communication.payload[0]",
                message: "Nancy's letter is too long",
              },
            ],
          }
        : {
            ok: true,
            issues: [],
            value: {
              letter: {
                kind: "xdis91",
                envelope: envelope(ids.envelope),
                letter: { identifier: ids.letter, versionCode: "XD9134L" },
              } as unknown as Xdis91,
              binary: {
                kind: "xbin01",
                envelope: envelope(ids.binaryEnvelope),
                letter: { identifier: ids.binaryLetter, versionCode: "XB0131X" },
              } as unknown as Xbin01,
            },
          },
    toXctls: () => ({ ok: true, issues: [], value: [] }),
    write: (doc) => new TextEncoder().encode(doc.kind),
    check: () => [],
  };
}

function run(options: { refuse?: boolean; legacy?: boolean; corrupt?: boolean } = {}) {
  const store = fakeStore();
  if (options.corrupt) store.content = () => Promise.reject(new StoredValueCorrupt(ID, "content", "not-sealed"));
  const legacyIds = createMemoryLegacyIds();
  const handed: { parts: string[]; keptBefore: boolean }[] = [];
  const adapter: DeliveryAdapter = {
    name: "fake",
    async deliver(d) {
      const keptBefore = (await legacyIds.byMessage(ID)) !== undefined;
      const documents: DeliveryDocument[] = await d.documents();
      handed.push({ parts: documents.map((doc) => doc.part), keptBefore });
      return { outcome: "delivered" };
    },
  };
  const deps: DeliveryDeps = {
    store,
    directory: createDirectory([...demoLocations(), LEGACY]),
    adapterFor: () => adapter,
    scheduleAckDeadline: () => Promise.resolve(),
    now: () => new Date("2026-12-05T10:00:00Z"),
    log: silentLogger(),
    ...(options.legacy === false ? {} : { legacy: { legacyIds, conversions: conversions(options.refuse) } }),
  };
  const result = processDelivery({ data: { messageId: ID }, attemptsMade: 0, opts: { attempts: 3 } }, deps);
  return { result, store, handed, legacyIds };
}

describe("processDelivery to a legacy location", () => {
  it("hands over the XDIS91 and XBIN01, their ids kept before the adapter ran", async () => {
    const { result, handed, legacyIds, store } = run();
    await expect(result).resolves.toBe("delivered");
    expect(handed).toEqual([{ parts: ["xdis91", "xbin01"], keptBefore: true }]);
    expect((await legacyIds.byMessage(ID))?.legacyParty).toBe(LEGACY.gln);
    expect(store.record.status).toBe("delivered");
  });

  it("fails a letter the conversion refuses, by code and path only, without calling the adapter", async () => {
    const { result, handed, store } = run({ refuse: true });
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(handed).toEqual([]);
    expect(store.record.status).toBe("failed");
    expect(store.record.failureReason).toBe("cannot be made into xdis91: legacy-text at Communication.payload[0]");
    expect(store.record.failureReason).not.toContain("Nancy");
  });

  it("fails with a reason when the worker has no legacy id table", async () => {
    const { result, store } = run({ legacy: false });
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(store.record.failureReason).toMatch(/no legacy id store/);
  });

  it("fails for good when the stored content fails its integrity check (issue 11, point 8)", async () => {
    const { result, store, handed } = run({ corrupt: true });
    await expect(result).rejects.toBeInstanceOf(UnrecoverableError);
    expect(handed).toEqual([]);
    expect(store.record.failureReason).toBe("the stored content fails its integrity check");
  });
});
