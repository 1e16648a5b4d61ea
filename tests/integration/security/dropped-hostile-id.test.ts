// Issue 11 (sweep of point 1): a dropped message refused for a hostile MessageHeader.id used to be answered with a
// fatal-error Acknowledgement quoting that id verbatim in `response.identifier`, and the audit entry and stored
// record carried it too. MedCom's ack rule (DOMAIN.md §2.4: "the ack quotes the request's MessageHeader.id in
// MessageHeader.response.identifier", a FHIR `id`) cannot be met for a value that is not an id: no answer could
// correlate with it. So such a file is refused without an answer (rejected/ with a problem report showing the id cut
// short and escaped); a message whose id is a FHIR id (only not a UUID) is still answered, since its sender can
// correlate the answer.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import { writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { shownValue } from "../../../src/medcom/ids.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import { composeFixture, DEMO_PARTIES, NOW, sequentialIds } from "../../support/build.js";
import {
  demoConfig,
  glnFrom,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  until,
  type TestGateway,
} from "../../support/gateway.js";

const DROP = { gln: glnFrom("579000020003"), sor: "100000000000023", name: "PPR Fildrop" };
const outbox = mkdtempSync(join(tmpdir(), "mg-out-"));
const inbox = mkdtempSync(join(tmpdir(), "mg-inbox-"));
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({
    config: demoConfig({
      locations: [
        {
          ...DROP,
          kind: "municipality",
          formats: ["application/fhir+xml"],
          delivery: { adapter: "file-drop", dir: outbox, inbox },
        },
      ],
    }),
  });
});
afterAll(() => gateway.stop());

function letterWithId(start: number, id: string): Bundle {
  const letter = buildCareCommunication(composeFixture("new-ppr-to-gp.json", { sender: DROP.gln }), {
    newId: sequentialIds(start),
    now: NOW,
    parties: { sender: DROP, receiver: DEMO_PARTIES[GLN.gp] ?? DROP },
  });
  const from = letter.entry?.[0]?.resource?.id ?? "";
  return JSON.parse(JSON.stringify(letter).split(from).join(JSON.stringify(id).slice(1, -1))) as Bundle;
}

const readReport = (name: string) =>
  until(() => {
    try {
      return readFileSync(join(inbox, "rejected", `${name}.problem.json`), "utf8");
    } catch {
      return undefined;
    }
  });

async function redisText(): Promise<string> {
  const redis = rawRedis(gateway.redisUrl);
  try {
    const keys = await redis.keys(`${gateway.prefix}:*`);
    const audit = await redis.lrange(`${gateway.prefix}:audit`, 0, -1).catch(() => []);
    return [...keys, ...audit].join("\n");
  } finally {
    redis.disconnect();
  }
}

describe("a dropped message with a hostile MessageHeader.id", () => {
  it.each([
    ["a path", "a/../../../../data/keys/keyring", "hostile-1.xml", 500],
    ["a line break", "x\r\nX-Injected: 1", "hostile-2.xml", 520],
    ["a 200-character id", "z".repeat(200), "hostile-3.xml", 540],
  ])("with %s is refused without an acknowledgement quoting it", async (_what, id, name, start) => {
    writeFileSync(join(inbox, name), writeFhirXml(letterWithId(start, id)));
    const report = await readReport(name);
    expect(JSON.parse(report)).toMatchObject({ issues: [expect.objectContaining({ code: "message-id" })] });
    // Shown as shownValue shows it: escaped and cut short (a short printable id is shown as it is).
    expect(report).toContain(JSON.stringify(shownValue(id)).slice(1, -1));
    if (shownValue(id) !== id) expect(report).not.toContain(JSON.stringify(id).slice(1, -1).slice(0, 100));
    // No acknowledgement was written back, nothing in Redis (keys, audit) names the id.
    expect(readdirSync(outbox).filter((f) => !f.startsWith("."))).toEqual([]);
    const stored = await redisText();
    expect(stored).not.toContain(id.slice(0, 70));
    expect(stored).not.toContain(JSON.stringify(id).slice(1, 70));
    expect(stored).not.toContain("keyring");
  });

  it("that is a FHIR id but not a UUID is refused without an acknowledgement: none could quote it", async () => {
    // MedCom's message ids are UUIDs; the gateway's own validator refuses an acknowledgement whose response.identifier
    // is not one (a lookup key), and the gateway never sends what it would refuse.
    writeFileSync(join(inbox, "not-uuid.xml"), writeFhirXml(letterWithId(560, "not-a-uuid")));
    const report = await readReport("not-uuid.xml");
    expect(JSON.parse(report)).toMatchObject({ issues: [expect.objectContaining({ code: "message-id" })] });
    expect(readdirSync(outbox).filter((f) => !f.startsWith("."))).toEqual([]);
    expect((await gateway.request("GET", "/v1/messages/not-a-uuid", { key: KEYS.admin })).status).toBe(400);
  });
});
