// Patient data stays private: after letters, a reply, attachments and acknowledgements have gone through end to end,
// no key or value in Redis and no log line holds a CPR number, a patient's name or letter text.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { createLogger } from "../../../src/log.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import {
  acknowledge,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { readFixture } from "../../support/shared.js";

/** What must never be readable outside the encrypted content: the test patient's CPR and names, the letters' words. */
const SECRETS = [
  "2509479989",
  "Elmer",
  "Bruno",
  "Skolevægring",
  "skolevægring",
  "helbredsmæssige",
  "PPR's vurdering",
  "JVBERi0x",
];

let output = "";
let gateway: TestGateway;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString("utf8");
      done();
    },
  });
  gateway = await startTestGateway({ log: createLogger("debug", sink) });
});
afterAll(async () => {
  await gateway.stop();
});

async function everything(): Promise<string> {
  const redis = rawRedis(gateway.redisUrl);
  const parts: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${gateway.prefix}*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      parts.push(key);
      const type = await redis.type(key);
      if (type === "string") parts.push((await redis.get(key)) ?? "");
      if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
      if (type === "list") parts.push(...(await redis.lrange(key, 0, -1)));
      if (type === "zset") parts.push(...(await redis.zrange(key, "0", "-1")));
      if (type === "set") parts.push(...(await redis.smembers(key)));
      if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
    }
  } while (cursor !== "0");
  redis.disconnect();
  return parts.join("\n");
}

describe("patient data at rest and in logs", () => {
  it("is nowhere in Redis or the log after an end-to-end run", async () => {
    const letter = await submitLetter(gateway);
    const withPdf = await submitLetter(
      gateway,
      KEYS.ppr,
      JSON.parse(readFixture("compose/new-with-attachments.json")) as Record<string, unknown>,
    );
    const raw = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(8800));
    const posted = await gateway.request("POST", "/v1/messages", {
      key: KEYS.ppr,
      body: writeFhirXml(raw),
      contentType: "application/fhir+xml",
    });
    expect(posted.status).toBe(202);
    // Refused input carrying patient data is not logged either.
    const refused = await gateway.request("POST", "/v1/messages", {
      key: KEYS.ppr,
      json: {
        ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as object),
        category: "Bruno Elmer 2509479989",
      },
    });
    expect(refused.status).toBe(422);

    await waitForStatus(gateway, letter.id, ["delivered"]);
    await waitForStatus(gateway, withPdf.id, ["delivered"]);
    const reply = await gateway.request("POST", "/v1/messages", {
      key: KEYS.gp,
      json: { ...(JSON.parse(readFixture("compose/reply-gp-to-ppr.json")) as object), inReplyTo: letter.id },
    });
    expect(reply.status).toBe(202);
    const issues = [{ code: "MSG_LOCAL_FAIL", message: "Bruno Elmer (2509479989) er ikke tilknyttet klinikken" }];
    expect((await acknowledge(gateway, KEYS.gp, GLN.gp, letter.id, { code: "fatal-error", issues })).status).toBe(202);
    const rejected = await waitForStatus(gateway, letter.id, ["rejected"]);
    // The API still shows the receiver's words to those allowed to read them.
    expect(rejected.acknowledgement?.issues[0]?.message).toContain("Bruno Elmer");
    const content = await gateway.request("GET", `/v1/messages/${withPdf.id}/content`, { key: KEYS.ppr });
    expect(await content.text()).toContain("2509479989");

    const stored = await everything();
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of SECRETS)
      expect({ secret, inRedis: stored.includes(secret) }).toEqual({ secret, inRedis: false });
    expect(output).toContain("message accepted");
    for (const secret of SECRETS) expect({ secret, inLog: output.includes(secret) }).toEqual({ secret, inLog: false });
  });
});
