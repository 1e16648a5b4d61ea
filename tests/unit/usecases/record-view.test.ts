// Record-to-view mapping written once (issue 14, point 2): each view picks its fields; absent fields stay absent.
import { describe, expect, it } from "vitest";
import type { MessageRecord } from "../../../src/domain/record.js";
import { pick, recordView } from "../../../src/usecases/steps/record-view.js";

const record: MessageRecord = {
  id: "m1",
  bundleId: "b1",
  thread: "urn:uuid:t",
  kind: "new",
  sender: { gln: "1", name: "A" },
  receiver: { gln: "2", name: "B" },
  topic: "Skolevægring",
  status: "acknowledged",
  createdAt: "c",
  updatedAt: "u",
  deliveryAttempts: 1,
  deliveredAt: "d",
  resends: 0,
  ack: { id: "a1", code: "ok", at: "t", issues: [] },
  submittedBy: "ppr",
  fingerprint: "f",
};

describe("recordView", () => {
  it("shows what a party may see, never who submitted it or its fingerprint", () => {
    const view = recordView(record);
    expect(view).not.toHaveProperty("submittedBy");
    expect(view).not.toHaveProperty("fingerprint");
    expect(view.acknowledgement).toEqual(record.ack);
    expect(view).not.toHaveProperty("category");
  });

  it("picks fields in the order asked, leaving out the absent ones", () => {
    expect(Object.keys(pick(recordView(record), ["id", "category", "topic", "kind"]))).toEqual(["id", "topic", "kind"]);
  });
});
