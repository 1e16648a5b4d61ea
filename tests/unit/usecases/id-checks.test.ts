// Issue 11, point 1: the ids of a raw Bundle are checked before the gateway uses them (id-checks.ts).
import { describe, expect, it } from "vitest";
import { messageIdIssues, requireMessageIds } from "../../../src/usecases/steps/message-ids.js";
import { GatewayError } from "../../../src/errors.js";
import { HOSTILE_IDS } from "../../../test-fixtures/hostile/api.js";

const UUID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const bundle = (over: { bundleId?: unknown; headerId?: unknown; thread?: unknown; response?: unknown } = {}) => ({
  resourceType: "Bundle",
  id: "bundleId" in over ? over.bundleId : "R-Tek-L-dublicate-fa97e431",
  entry: [
    {
      resource: {
        resourceType: "MessageHeader",
        id: "headerId" in over ? over.headerId : UUID,
        ...("response" in over ? { response: { identifier: over.response } } : {}),
      },
    },
    { resource: { resourceType: "Communication", identifier: [{ value: over.thread ?? `urn:uuid:${UUID}` }] } },
  ],
});

const codes = (value: unknown) => messageIdIssues(value).map((i) => `${i.path} ${i.code}`);

describe("id checks of a raw Bundle", () => {
  it("takes MedCom's ids: a FHIR Bundle.id (not necessarily a UUID), UUIDs, urn:uuid: threads", () => {
    expect(codes(bundle())).toEqual([]);
    expect(codes(bundle({ response: UUID }))).toEqual([]);
  });

  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id).slice(0, 50), id]))("refuses MessageHeader.id %s", (_n, id) => {
    expect(codes(bundle({ headerId: id }))).toEqual(["Bundle.entry[0].resource.id message-id"]);
    expect(codes(bundle({ response: id }))).toEqual(["Bundle.entry[0].resource.response.identifier message-id"]);
    expect(codes(bundle({ thread: `urn:uuid:${id}` }))).toEqual([
      "Bundle.entry[1].resource.identifier[0].value thread-id",
    ]);
  });

  it("refuses a Bundle.id that is not a FHIR id, and ids that are not strings", () => {
    expect(codes(bundle({ bundleId: "a/b" }))).toEqual(["Bundle.id bundle-id"]);
    expect(codes(bundle({ bundleId: "x".repeat(65) }))).toEqual(["Bundle.id bundle-id"]);
    expect(codes(bundle({ headerId: 42 }))).toEqual(["Bundle.entry[0].resource.id message-id"]);
  });

  it("never echoes a long or hostile id in full", () => {
    const long = `${"a".repeat(5000)}\r\nX`;
    const message = messageIdIssues(bundle({ headerId: long }))[0]?.message ?? "";
    expect(message).not.toContain("a".repeat(65));
    expect(message).not.toContain("\r");
    expect(message).toContain("5003 characters");
  });

  it("leaves shapes it cannot walk, and absent ids, to the validator", () => {
    expect(codes(null)).toEqual([]);
    expect(codes({ resourceType: "Bundle", entry: "x" })).toEqual([]);
    expect(codes({ resourceType: "Bundle", entry: [{ resource: { resourceType: "MessageHeader" } }] })).toEqual([]);
  });

  it("throws a 422 GatewayError with every issue at once", () => {
    // Asserted on what was thrown, not inside a catch that a non-throwing call would skip.
    let thrown: unknown;
    try {
      requireMessageIds(bundle({ bundleId: "a:b", headerId: "c" }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).kind).toBe("invalid");
    expect((thrown as GatewayError).issues).toHaveLength(2);
  });
});
