// Encryption downgrade (issue 11, point 8): whoever can write to Redis puts a plaintext value where a sealed one
// belongs. The gateway must not serve it as genuine: a single read answers 500 `stored-value-corrupt`, a list leaves
// the message out, a delivery fails instead of handing the words over, and the log names record and field only.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log.js";
import { hostileStoredValues } from "../../../test-fixtures/hostile/crypto.js";
import {
  eventually,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";

const FORGED = "Forfalsket emne uden forsegling";
const FORGED_BUNDLE = JSON.stringify({ resourceType: "Bundle", id: "forged", type: "message", entry: [] });

let output = "";
const log = createLogger(
  "info",
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString("utf8");
      done();
    },
  }),
);
let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ log });
});
afterAll(async () => {
  await gateway.stop();
});

const problemOf = async (response: Response) =>
  (await response.json()) as { status: number; issues: { code: string }[] };

describe("a plaintext value where a sealed one belongs", () => {
  it("in a record field: GET answers 500 stored-value-corrupt, lists skip the message, the log names id and field", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    const redis = rawRedis(gateway.redisUrl);
    await redis.hset(`${gateway.prefix}:msg:${id}`, "topic", FORGED);
    redis.disconnect();

    const response = await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.ppr });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain(FORGED);
    expect((JSON.parse(text) as { issues: { code: string }[] }).issues[0]?.code).toBe("stored-value-corrupt");

    const mailbox = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages`, { key: KEYS.gp });
    expect(mailbox.status).toBe(200);
    const listed = await mailbox.text();
    expect(listed).not.toContain(id);
    expect(listed).not.toContain(FORGED);

    expect(output).toContain(id);
    expect(output).toContain('"field":"topic"');
    expect(output).not.toContain(FORGED);
  });

  it("in a record field copied from another record: refused (the seal is bound to its own record)", async () => {
    const a = await submitLetter(gateway);
    const b = await submitLetter(gateway);
    await waitForStatus(gateway, b.id, ["delivered"]);
    const redis = rawRedis(gateway.redisUrl);
    const topicOfA = await redis.hget(`${gateway.prefix}:msg:${a.id}`, "topic");
    expect(topicOfA).toMatch(/^mg\d:/);
    await redis.hset(`${gateway.prefix}:msg:${b.id}`, "topic", topicOfA ?? "");
    redis.disconnect();
    const response = await gateway.request("GET", `/v1/messages/${b.id}`, { key: KEYS.ppr });
    expect(response.status).toBe(500);
    expect((await problemOf(response)).issues[0]?.code).toBe("stored-value-corrupt");
  });

  it("every hostile stored value of the corpus is refused, never served", async () => {
    const a = await submitLetter(gateway);
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    const redis = rawRedis(gateway.redisUrl);
    const record = `${gateway.prefix}:msg:${id}`;
    const genuine = (await redis.hget(record, "topic")) ?? "";
    const other = (await redis.hget(`${gateway.prefix}:msg:${a.id}`, "topic")) ?? "";
    try {
      for (const { name, value } of hostileStoredValues(genuine, other)) {
        await redis.hset(record, "topic", value);
        const response = await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.ppr });
        expect(response.status, name).toBe(500);
        expect((await problemOf(response)).issues[0]?.code, name).toBe("stored-value-corrupt");
      }
      await redis.hset(record, "topic", genuine);
      expect((await gateway.request("GET", `/v1/messages/${id}`, { key: KEYS.ppr })).status).toBe(200);
    } finally {
      redis.disconnect();
    }
  });

  it("in the content: GET content answers 500 and never the forged Bundle", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    const redis = rawRedis(gateway.redisUrl);
    await redis.set(`${gateway.prefix}:msg:${id}:content`, FORGED_BUNDLE, "KEEPTTL");
    redis.disconnect();
    for (const [path, key] of [
      [`/v1/messages/${id}/content`, KEYS.ppr],
      [`/v1/mailboxes/${GLN.gp}/messages/${id}`, KEYS.gp],
    ] as const) {
      const response = await gateway.request("GET", path, { key });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain("forged");
      expect((JSON.parse(text) as { issues: { code: string }[] }).issues[0]?.code).toBe("stored-value-corrupt");
    }
  });
});

describe("a delivery of a message whose record was downgraded", () => {
  it("fails for good and hands nothing over", async () => {
    // An API-only gateway accepts the letter; no worker runs until the record's sealed topic has been replaced.
    const api = await startTestGateway({ role: "api" });
    const redis = rawRedis(api.redisUrl);
    try {
      const { id } = await submitLetter(api);
      await redis.hset(`${api.prefix}:msg:${id}`, "topic", FORGED);
      const worker = await startTestGateway({ role: "worker", prefix: api.prefix, keyringPath: api.keyringPath, log });
      try {
        await eventually(
          async () => ((await redis.hget(`${api.prefix}:msg:${id}`, "status")) === "failed" ? true : undefined),
          15_000,
          "the message to fail",
        );
        expect(await redis.zscore(`${api.prefix}:mailbox:${GLN.gp}`, id)).toBeNull();
      } finally {
        await worker.stop();
      }
    } finally {
      redis.disconnect();
      await api.stop();
    }
  });
});
