// One fingerprint of the message itself (issue 14, point 2): the same message built again (other ids, another time),
// sent again (a technical resend), or read back from XML or JSON has the same one; other content has another.
import { describe, expect, it } from "vitest";
import { buildAcknowledgement, buildCareCommunication, technicalResend } from "../../../src/medcom/builders/index.js";
import { readFhir, writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { messageFingerprint } from "../../../src/medcom/readers/fingerprint.js";
import type { ComposeRequest } from "../../../src/medcom/compose/index.js";
import { NOW, build, composeFixture, party, sequentialIds } from "../../support/build.js";

const LATER = "2026-11-23T08:15:00+01:00";

function builtAt(request: ComposeRequest, now: string, start: number, previous?: Bundle): Bundle {
  return buildCareCommunication(request, {
    newId: sequentialIds(start),
    now,
    parties: { sender: party(request.sender), receiver: party(request.receiver ?? "5790001348120") },
    ...(previous ? { previous } : {}),
  });
}

function reread(bundle: Bundle, format: "xml" | "json"): Bundle {
  const bytes = new TextEncoder().encode(format === "xml" ? writeFhirXml(bundle) : writeFhirJson(bundle));
  const read = readFhir(bytes, format);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.value as Bundle;
}

describe("the same message", () => {
  const letter = composeFixture("new-ppr-to-gp.json");
  const first = builtAt(letter, NOW, 1);

  it("built again from the same request, with other ids at another time", () => {
    expect(messageFingerprint(builtAt(letter, LATER, 7000))).toBe(messageFingerprint(first));
  });

  it("sent again as a technical resend (new Bundle.id and send times)", () => {
    const resent = technicalResend(first, { newId: sequentialIds(9000), now: LATER });
    expect(messageFingerprint(resent)).toBe(messageFingerprint(first));
  });

  it.each(["xml", "json"] as const)("read back from FHIR %s", (format) => {
    expect(messageFingerprint(reread(first, format))).toBe(messageFingerprint(first));
  });

  it("a reply built twice from the same answered letter", () => {
    const reply = composeFixture("reply-gp-to-ppr.json");
    expect(messageFingerprint(builtAt(reply, LATER, 500, first))).toBe(
      messageFingerprint(builtAt(reply, NOW, 100, first)),
    );
  });

  it("an acknowledgement built twice with the same answer", () => {
    const ack = (start: number, now: string) =>
      buildAcknowledgement({ message: first, code: "ok", newId: sequentialIds(start), now });
    expect(messageFingerprint(ack(600, LATER))).toBe(messageFingerprint(ack(700, NOW)));
  });
});

describe("another message", () => {
  const letter = composeFixture("new-ppr-to-gp.json");
  const first = builtAt(letter, NOW, 1);

  it("other text", () => {
    expect(messageFingerprint(builtAt({ ...letter, text: "Et andet brev" }, NOW, 1))).not.toBe(
      messageFingerprint(first),
    );
  });

  it("another category in a ready Bundle", () => {
    const altered = structuredClone(first);
    const communication = altered.entry?.find((e) => e.resource?.resourceType === "Communication")
      ?.resource as Communication;
    communication.category = [{ coding: [{ system: "x", code: "other" }] }];
    expect(messageFingerprint(altered)).not.toBe(messageFingerprint(first));
  });

  it("a reply to another letter", () => {
    const reply = composeFixture("reply-gp-to-ppr.json");
    const other = build(letter, undefined, sequentialIds(3000));
    expect(messageFingerprint(builtAt(reply, NOW, 100, other))).not.toBe(
      messageFingerprint(builtAt(reply, NOW, 100, first)),
    );
  });

  it("another answer to the same message", () => {
    const ack = (code: "ok" | "fatal-error") =>
      buildAcknowledgement({
        message: first,
        code,
        issues: code === "ok" ? [] : [{ code: "MSG_LOCAL_FAIL", message: "no" }],
        newId: sequentialIds(600),
        now: NOW,
      });
    expect(messageFingerprint(ack("fatal-error"))).not.toBe(messageFingerprint(ack("ok")));
  });
});

describe("an acknowledgement is its answer", () => {
  const first = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(1));
  const built = buildAcknowledgement({ message: first, code: "ok", newId: sequentialIds(600), now: NOW });

  it("the same answer written by another system (other narrative, other copy of the answered Provenance)", () => {
    const posted = structuredClone(built);
    for (const entry of posted.entry ?? []) if (entry.resource) delete (entry.resource as { text?: unknown }).text;
    posted.entry = posted.entry?.filter((e, i) => !(e.resource?.resourceType === "Provenance" && i === 1));
    expect(messageFingerprint(posted)).toBe(messageFingerprint(built));
  });
});
