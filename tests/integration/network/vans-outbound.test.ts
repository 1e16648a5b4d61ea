// Issue 16, outbound: a letter to a remote location (configured with adapter "vans") leaves as a valid VANSEnvelope
// in the VANS outbox, named by its EnvelopeIdentifier and recorded in Redis so its receipt finds it; a remote
// receiver registered only for XDIS91 gets the CareCommunication (its VANS provider converts, LEGACY.md §1, §6.1).
// An outbox that cannot be used is a receiver outage: retried, then the location's circuit breaker opens, and the
// letter is delivered once the outbox is back (on the gateway's clock, tests/support/clock-travel.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocationConfig } from "../../../src/config/schema.js";
import { readVansEnvelope, type VansMessageEnvelope } from "../../../src/medcom/vans/index.js";
import { keysFor } from "../../../src/store/keys.js";
import { createVansEnvelopes } from "../../../src/store/vans-envelopes.js";
import { offsetClock } from "../../support/clock.js";
import { advanceClock, promoteDeliveries } from "../../support/clock-travel.js";
import { readFixture } from "../../support/shared.js";
import {
  demoConfig,
  eventually,
  glnFrom,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";

const REMOTE = glnFrom("579000016001");
const REMOTE_LEGACY = glnFrom("579000016002");
const REMOTE_DOWN = glnFrom("579000016003");
const root = mkdtempSync(join(tmpdir(), "mg-vans-out-"));
const outbox = join(root, "out");
const inbox = join(root, "in");
mkdirSync(outbox);
mkdirSync(inbox);

const remote = (gln: string, sor: string, formats: LocationConfig["formats"]): LocationConfig => ({
  gln,
  sor,
  name: `Fjernlægen ${sor.slice(-2)}`,
  kind: "gp",
  municipality: "Fjernby",
  formats,
  delivery: { adapter: "vans" },
});

let gateway: TestGateway;
const clock = offsetClock();
let redis: ReturnType<typeof rawRedis>;

beforeAll(async () => {
  gateway = await startTestGateway({
    config: demoConfig(
      {
        locations: [
          remote(REMOTE, "100000000000061", ["application/fhir+xml"]),
          remote(REMOTE_LEGACY, "100000000000062", ["xdis91"]),
          remote(REMOTE_DOWN, "100000000000063", ["application/fhir+xml"]),
        ],
        network: { vans: { transport: "folders", outbox, inbox } },
      },
      { deliveryAttempts: 3, breakerFailures: 2, breakerOpenMinutes: 1, breakerMaxOpenMinutes: 2 },
    ),
    clock,
  });
  redis = rawRedis(gateway.redisUrl);
});
afterAll(async () => {
  await gateway.stop();
  redis.disconnect();
});

async function submitTo(receiver: string): Promise<string> {
  const json = { ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object), receiver };
  const response = await gateway.request("POST", "/v1/messages", { key: KEYS.ppr, json });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

/** The envelopes in the outbox for one message, by file name. */
function envelopesOf(messageId: string): { name: string; envelope: VansMessageEnvelope }[] {
  return readdirSync(outbox)
    .filter((name) => !name.startsWith("."))
    .map((name) => {
      const read = readVansEnvelope(readFileSync(join(outbox, name)));
      if (!read.ok || read.value.kind !== "message") throw new Error(`${name}: not a valid message envelope`);
      return { name, envelope: read.value };
    })
    .filter((e) => e.envelope.meta.identifier === messageId);
}

describe("VANS outbound", () => {
  it("a letter to a remote location lands in the outbox as a valid envelope, recorded for its receipt", async () => {
    const id = await submitTo(REMOTE);
    const record = await waitForStatus(gateway, id, ["delivered"]);
    expect(record.events.find((e) => e.type === "delivery-attempt")?.detail).toMatchObject({
      adapter: "vans",
      outcome: "delivered",
    });
    const [only, ...more] = envelopesOf(id);
    expect(more).toEqual([]);
    const { name, envelope } = only!;
    expect(name).toBe(`${envelope.envelopeIdentifier}.xml`);
    expect(envelope.sender).toEqual({ id: GLN.ppr, type: "EAN" });
    expect(envelope.receiver).toEqual({ id: REMOTE, type: "EAN" });
    expect(envelope.meta.document.name).toBe("MCM:FDIS91#psychiatry-social-disability");
    expect(new TextDecoder().decode(envelope.data.bytes())).toContain(`<id value="${id}"/>`);
    const sent = createVansEnvelopes(redis, keysFor(gateway.prefix), 30).sent;
    expect(await sent.byEnvelope(envelope.envelopeIdentifier)).toEqual({
      envelopeIdentifier: envelope.envelopeIdentifier,
      messageId: id,
      messageIdentifier: id,
      receiver: REMOTE,
    });
  });

  it("a remote receiver registered only for XDIS91 gets the CareCommunication (its provider converts)", async () => {
    const id = await submitTo(REMOTE_LEGACY);
    await waitForStatus(gateway, id, ["delivered"]);
    const [only] = envelopesOf(id);
    expect(only?.envelope.meta.document.name).toMatch(/^MCM:FDIS91#/);
    expect(only?.envelope.meta.transport?.serviceTags).toEqual([{ name: "MCM:MIME", value: "application/fhir+xml" }]);
  });

  it("an outbox that is gone: retried, the breaker opens, nothing fails; delivered once it is back", async () => {
    const away = join(root, "out-away");
    renameSync(outbox, away);
    const id = await submitTo(REMOTE_DOWN);
    type Locations = { items: { gln: string; breaker?: { state: string } }[] };
    await eventually(
      async () => {
        const listed = (await (
          await gateway.request("GET", "/v1/admin/locations", { key: KEYS.admin })
        ).json()) as Locations;
        return listed.items.find((l) => l.gln === REMOTE_DOWN)?.breaker?.state === "open" ? true : undefined;
      },
      20_000,
      "the remote location's breaker to open",
    );
    const waiting = await waitForStatus(gateway, id, ["queued"]);
    const attempts = waiting.events.filter((e) => e.type === "delivery-attempt");
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((e) => e.detail?.outcome === "retry")).toBe(true);
    expect(String(attempts[0]?.detail?.reason)).toMatch(/^VANS: the VANS outbox folder cannot be opened/);
    // The outbox is back: the next probe delivers the letter.
    renameSync(away, outbox);
    await advanceClock(gateway, clock, 61_000);
    await promoteDeliveries(gateway);
    await waitForStatus(gateway, id, ["delivered"], KEYS.admin, 20_000);
    expect(envelopesOf(id)).toHaveLength(1);
  });
});
