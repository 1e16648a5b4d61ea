// A compose request the shortened validation of a built letter (ValidateOptions.built, issue 17 point 3) judges is
// refused exactly as before: same kind, same issues, nothing stored.
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { submitMessage } from "../../../src/usecases/submit/submit-message.js";
import { memoryGateway } from "../../support/memory-gateway.js";
import { build, composeFixture } from "../../support/build.js";
import { readFixture } from "../../support/shared.js";

const PDF = Buffer.from("%PDF-1.4\n%%EOF").toString("base64");
const letter = (creation: string) => ({
  ...(JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<string, unknown>),
  attachments: [{ title: "Bilag", contentType: "application/pdf", data: PDF, creation }],
});

describe("a new letter whose request passes its own checks but not the validator's", () => {
  it("is refused (422) with the whole validation's issues, and nothing is stored", async () => {
    const gateway = memoryGateway();
    const body = letter("igår");
    const whole = validateMessage(build(composeFixture("new-ppr-to-gp.json", body))).issues.filter(
      (i) => i.severity === "error",
    );
    expect(whole.map((i) => i.code)).toContain("fhir-primitive-format");
    const refused = await submitMessage(gateway.caller("ppr-gribskov"), { type: "compose", body }, gateway.deps).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).kind).toBe("invalid");
    expect((refused as GatewayError).issues.filter((i) => i.severity === "error")).toEqual(whole);
    expect(await gateway.deps.store.countByStatus()).toMatchObject({ accepted: 0, queued: 0 });
  });

  it("a valid creation is accepted", async () => {
    const gateway = memoryGateway();
    const answer = await submitMessage(
      gateway.caller("ppr-gribskov"),
      { type: "compose", body: letter("2024-05-03") },
      gateway.deps,
    );
    expect(answer.status).toBe(202);
  });
});
