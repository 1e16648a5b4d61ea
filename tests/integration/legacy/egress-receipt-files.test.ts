// An Acknowledgement on its way to a legacy location with a file-drop (issue 15 point 3): one file per XCTL,
// `<ack id>.xctl.xml` and `<ack id>.xctl-2.xml`, each valid against MedCom's XSDs and quoting one document of the letter
// it answers (the letter's OIOXML correspondence written into the legacy id table directly, as the way in keeps it).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Xctl } from "../../../src/medcom/oioxml/index.js";
import {
  acknowledge,
  demoConfig,
  glnFrom,
  GLN,
  KEYS,
  startTestGateway,
  until,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";
import { legacyLetterCompose } from "../../support/legacy-letters.js";
import { rememberCorrespondence } from "../../support/legacy-correspondence.js";
import { readOioxmlOrThrow, xsdValid } from "../../support/oioxml-received.js";

const DROP = { gln: glnFrom("579000030011"), sor: "100000000000041", name: "PPR Legacy Fildrop" };
const DROP_KEY = "legacy-ppr-file-drop-system-key";
const dropDir = mkdtempSync(join(tmpdir(), "mg-legacy-xctl-"));

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    config: demoConfig({
      locations: [{ ...DROP, kind: "ppr", formats: ["xdis91"], delivery: { adapter: "file-drop", dir: dropDir } }],
      clients: [{ id: "legacy-drop", apiKey: DROP_KEY, locations: [DROP.gln], roles: ["send", "receive"] }],
    }),
  });
});
afterAll(async () => {
  await gateway.stop();
});

describe("the GP's Acknowledgement to a legacy location with a file-drop", () => {
  it("is written as <ack id>.xctl.xml and <ack id>.xctl-2.xml, one per document of the letter", async () => {
    const response = await gateway.request("POST", "/v1/messages", {
      key: DROP_KEY,
      json: legacyLetterCompose({ sender: DROP.gln, receiver: GLN.gp }),
    });
    const { id } = (await response.json()) as { id: string };
    expect(response.status).toBe(202);
    await rememberCorrespondence(gateway, {
      messageId: id,
      legacyParty: DROP.gln,
      documents: [
        { kind: "xdis91", envelope: "KuvDrop0000001", letter: "BrevDrop000001", version: "XD9134L" },
        { kind: "xbin01", envelope: "KuvDrop0000002", letter: "BrevDrop000002", version: "XB0131X" },
      ],
    });
    await waitForStatus(gateway, id, ["delivered"]);
    const answer = await acknowledge(gateway, KEYS.gp, GLN.gp, id, {
      code: "fatal-error",
      issues: [{ code: "unreadable", message: "Vedhæftningen kan ikke åbnes" }],
    });
    expect(answer.status).toBe(202);
    const ackId = String(answer.body.id);
    await waitForStatus(gateway, ackId, ["delivered"]);
    const names = await until(() => {
      const found = readdirSync(dropDir).filter((n) => n.startsWith(ackId));
      return found.length === 2 ? found.sort() : undefined;
    });
    expect(names).toEqual([`${ackId}.xctl-2.xml`, `${ackId}.xctl.xml`]);
    const xctls = [`${ackId}.xctl.xml`, `${ackId}.xctl-2.xml`].map((name) => {
      const bytes = readFileSync(join(dropDir, name));
      expect(xsdValid(bytes, "xctl")).toBeUndefined();
      return readOioxmlOrThrow<Xctl>(bytes);
    });
    expect(xctls.map((x) => [x.kind, x.original.envelopeIdentifier, x.original.letters[0]?.identifier])).toEqual([
      ["xctl02", "KuvDrop0000001", "BrevDrop000001"],
      ["xctl02", "KuvDrop0000002", "BrevDrop000002"],
    ]);
    for (const x of xctls) expect(x.original.letters[0]?.refusal?.text).toContain("Vedhæftningen kan ikke åbnes");
  });
});
