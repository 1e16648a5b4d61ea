// A letter accepted while its hand-over to the queue fails is still delivered (issue 12 point 1; issue 17 point 3):
// the API answers without waiting for the hand-over (deps.afterAnswer), which must not
// lose a message. Here Redis itself refuses the hand-over: the accepting process runs as a Redis user that may write
// the message store and the audit keys but not the delivery queue's keys (ACL), so BullMQ's add fails for real. The
// message stays `accepted` (never marked queued without its job) and the gateway's outbox dispatcher delivers it.
// And a graceful shutdown (services.close, as main.ts's stop) waits for the work an answered letter left behind.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createSealer } from "../../../src/crypto/keyring.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import type { Logger } from "../../../src/log.js";
import { silentLogger } from "../../../src/log.js";
import { createServices } from "../../../src/services.js";
import { acceptMessage, type Acceptance } from "../../../src/usecases/steps/accept.js";
import { DELIVERY_QUEUE, deliveryJobId } from "../../../queue/policy.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import { demoConfig, gatewayForFile, rawRedis, waitForStatus } from "../../support/gateway.js";

const gateway = gatewayForFile();
const user = `handover-${randomBytes(4).toString("hex")}`;
const password = randomBytes(12).toString("hex");
const admin = () => rawRedis(gateway.redisUrl);

afterAll(async () => {
  const client = admin();
  await client.call("ACL", "DELUSER", user);
  client.disconnect();
});

/** A logger that keeps the messages of its warnings. */
function warnings(): { log: Logger; seen: string[] } {
  const seen: string[] = [];
  const log = silentLogger();
  log.warn = (...args: unknown[]) => {
    seen.push(String(args.find((a) => typeof a === "string") ?? ""));
  };
  return { log, seen };
}

/** A new letter's acceptance, as the submit use case builds it. */
function letter(n: number): { summary: ReturnType<typeof describeMessage>; acceptance: Acceptance } {
  const bundle = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(n));
  const summary = describeMessage(bundle);
  const at = new Date().toISOString();
  return {
    summary,
    acceptance: {
      record: {
        id: summary.id,
        bundleId: summary.bundleId,
        kind: "new",
        sender: { gln: summary.sender.gln, name: "PPR" },
        receiver: { gln: summary.receiver.gln, name: "GP" },
        status: "accepted",
        createdAt: at,
        updatedAt: at,
        deliveryAttempts: 0,
        resends: 0,
        submittedBy: "test",
        fingerprint: "x",
      },
      content: bundle,
      audit: { client: "test", action: "submit", messageId: summary.id, detail: "accepted" },
      retry: "none",
      handOver: true,
    },
  };
}

describe("a hand-over Redis refuses", () => {
  it("leaves the accepted letter in the outbox, never marked queued, and the outbox dispatcher delivers it", async () => {
    const p = gateway.prefix;
    const setup = admin();
    // Reads everywhere; writes only to the message store and the audit trail — not to `<prefix>:delivery:*`.
    const writable = ["msg:*", "messages", "letters", "status:*", "audit*", "thread:*", "idem:*", "acks:*"];
    await setup.call(
      "ACL",
      "SETUSER",
      user,
      "on",
      `>${password}`,
      "+@all",
      "%R~*",
      ...writable.map((k) => `~${p}:${k}`),
    );
    setup.disconnect();
    const url = new URL(gateway.redisUrl);
    url.username = user;
    url.password = password;
    const redis = rawRedis(url.toString());
    const { log, seen } = warnings();
    const services = createServices({
      redis,
      prefix: p,
      config: demoConfig(),
      log,
      sealer: createSealer(gateway.keyringPath),
    });

    const { summary, acceptance } = letter(7300);
    const result = await acceptMessage(acceptance, services.deps);
    expect(result).toEqual({ outcome: "accepted", id: summary.id });
    // What a graceful shutdown waits for: the audit move done, the hand-over failed and logged.
    await services.idle();
    expect(seen).toContain("hand-over to the queue deferred to the outbox");
    expect(await redis.hexists(`${p}:audit:pending`, `submit:${summary.id}`)).toBe(0);
    const record = await services.deps.store.get(summary.id);
    expect(record?.status).toBe("accepted");
    expect(await redis.zscore(services.keys.status("accepted"), summary.id)).not.toBeNull();

    const delivered = await waitForStatus(gateway, summary.id, ["delivered"]);
    expect(delivered.events.map((e) => e.type)).toEqual(["accepted", "queued", "delivery-attempt", "delivered"]);
    await services.close();
    redis.disconnect();
  });
});

describe("a graceful shutdown", () => {
  it("waits for the audit move and the hand-over of a letter already answered", async () => {
    const redis = admin();
    const services = createServices({
      redis,
      prefix: gateway.prefix,
      config: demoConfig(),
      log: silentLogger(),
      sealer: createSealer(gateway.keyringPath),
    });
    const { summary, acceptance } = letter(7400);
    expect(await acceptMessage(acceptance, services.deps)).toEqual({ outcome: "accepted", id: summary.id });
    // Closed at once, as main.ts's stop does once the server has stopped: nothing of the letter's work is abandoned.
    await services.close();
    expect(await redis.hexists(`${gateway.prefix}:audit:pending`, `submit:${summary.id}`)).toBe(0);
    expect((await services.deps.store.get(summary.id))?.status).not.toBe("accepted");
    expect(await redis.exists(`${gateway.prefix}:${DELIVERY_QUEUE}:${deliveryJobId(summary.id)}`)).toBe(1);
    await waitForStatus(gateway, summary.id, ["delivered"]);
    redis.disconnect();
  });
});
