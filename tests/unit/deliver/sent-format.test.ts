// The format a receiver is sent (issue 16): a remote receiver registered only for XDIS91 gets FHIR for its VANS
// provider to convert (LEGACY.md §1, §6.1), unless network.vans.convertLocally; every other receiver its first format.
import { describe, expect, test } from "vitest";
import { sentFormat } from "../../../src/usecases/deliver/outgoing-documents.js";

const vans = { adapter: "vans" } as const;
const mailbox = { adapter: "mailbox" } as const;

describe("sentFormat", () => {
  test("remote XDIS91 → FHIR XML unless converted locally", () => {
    expect(sentFormat({ preferredFormat: "xdis91", delivery: vans }, false)).toBe("application/fhir+xml");
    expect(sentFormat({ preferredFormat: "xdis91", delivery: vans }, true)).toBe("xdis91");
  });
  test("a legacy location served here, and remote FHIR receivers, keep their first format", () => {
    expect(sentFormat({ preferredFormat: "xdis91", delivery: mailbox }, false)).toBe("xdis91");
    expect(sentFormat({ preferredFormat: "application/fhir+json", delivery: vans }, false)).toBe(
      "application/fhir+json",
    );
  });
});
