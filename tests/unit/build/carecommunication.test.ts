import { describe, expect, test } from "vitest";
import { technicalResend } from "../../../src/medcom/builders/index.js";
import type { Bundle, Communication, Provenance, Resource } from "../../../src/medcom/model/index.js";
import { ExtensionUrl } from "../../../src/medcom/systems.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { NOW, build, composeFixture, conversation, sequentialIds } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

const resources = (b: Bundle): Resource[] => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
const ofType = <T extends Resource>(b: Bundle, type: string) =>
  resources(b).filter((r) => r.resourceType === type) as T[];
const communication = (b: Bundle) => ofType<Communication>(b, "Communication")[0] as Communication;
const thread = (b: Bundle) => communication(b).identifier?.[0]?.value;
const headerId = (b: Bundle) => b.entry?.[0]?.resource?.id;
const segmentIds = (b: Bundle) =>
  (communication(b).payload ?? []).map(
    (p) => p.extension?.find((e) => e.url === ExtensionUrl.segmentIdentifier)?.valueIdentifier?.value,
  );
const latestProvenance = (b: Bundle) =>
  ofType<Provenance>(b, "Provenance").find((p) => p.target[0]?.reference === `MessageHeader/${headerId(b) ?? ""}`);

describe("every message the builder makes passes the validator (the gateway builds nothing it would reject)", () => {
  const built = conversation();
  test.each(Object.entries(built))("%s", (_name, bundle) => {
    expect(validateMessage(bundle).issues).toEqual([]);
  });
  test.each(["new-other-with-topic.json", "new-regarding-referral-asap.json"])("%s", (name) => {
    expect(validateMessage(build(composeFixture(name))).issues).toEqual([]);
  });
  test("a technical resend", () => {
    expect(validateMessage(technicalResend(built.reply, { newId: sequentialIds(900), now: NOW })).issues).toEqual([]);
  });
});

describe("a new message", () => {
  const bundle = build(composeFixture("new-ppr-to-gp.json"));
  test("starts a thread with a lower-case urn:uuid and one new-message Provenance naming its segment", () => {
    expect(thread(bundle)).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const provenances = ofType<Provenance>(bundle, "Provenance");
    expect(provenances).toHaveLength(1);
    expect(provenances[0]?.activity?.coding?.[0]?.code).toBe("new-message");
    expect(provenances[0]?.entity).toEqual([
      { role: "source", what: { identifier: { value: segmentIds(bundle)[0] } } },
    ]);
  });
  test("puts the MessageHeader first and gives every resource meta.profile and a narrative", () => {
    expect(bundle.entry?.[0]?.resource?.resourceType).toBe("MessageHeader");
    for (const r of resources(bundle)) {
      expect(r.meta?.profile?.length, r.resourceType).toBe(1);
      expect((r as { text?: { div: string } }).text?.div, r.resourceType).toMatch(
        /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/,
      );
    }
  });
  test("keeps line breaks: \\n in the text, <br/> in the narrative", () => {
    expect(communication(bundle).payload?.[0]?.contentString).toContain("\n");
    expect(communication(bundle).text?.div).toContain("skolevægring.<br/>Vi vil gerne");
  });
  test("is the same message for the same ids and time", () => {
    expect(build(composeFixture("new-ppr-to-gp.json"))).toEqual(bundle);
  });
  test("signs the text segment with author, role, phone and time", () => {
    const urls = communication(bundle).payload?.[0]?.extension?.map((e) => e.url);
    expect(urls).toEqual([
      ExtensionUrl.segmentDateTime,
      ExtensionUrl.segmentIdentifier,
      ExtensionUrl.segmentAuthor,
      ExtensionUrl.segmentAuthorContact,
    ]);
    expect(communication(bundle).text?.div).toContain(
      "Maja Holm, Psykolog, +4512345678, PPR Gribskov Kommune, 2026-11-22T10:00:00+01:00",
    );
  });
});

describe("a reply", () => {
  const { first, reply, withAttachments, replyWithAttachments } = conversation();
  test("keeps the thread and carries every earlier text segment", () => {
    expect(thread(reply)).toBe(thread(first));
    expect(segmentIds(reply).slice(0, 1)).toEqual(segmentIds(first));
    expect(segmentIds(reply)).toHaveLength(2);
  });
  test("carries the whole Provenance stack and adds a reply-message Provenance pointing at the answered message", () => {
    const provenances = ofType<Provenance>(reply, "Provenance");
    expect(provenances.slice(0, 1)).toEqual(ofType<Provenance>(first, "Provenance"));
    const latest = latestProvenance(reply);
    expect(latest?.activity?.coding?.[0]?.code).toBe("reply-message");
    expect(latest?.entity?.[0]).toEqual({
      role: "revision",
      what: { reference: `MessageHeader/${headerId(first) ?? ""}` },
    });
    expect(latest?.entity?.slice(1).map((e) => e.what.identifier?.value)).toEqual(segmentIds(reply).slice(1));
  });
  test("carries earlier attachments by identifier, time and title only (governance rule 6)", () => {
    const carried = communication(replyWithAttachments).payload?.filter((p) => p.contentAttachment) ?? [];
    expect(carried).toHaveLength(2);
    for (const p of carried) {
      expect(p.contentAttachment?.data).toBeUndefined();
      expect(p.contentAttachment?.url).toBeUndefined();
      expect(p.contentAttachment?.title).toBeTruthy();
    }
    expect(segmentIds(replyWithAttachments).slice(0, 3)).toEqual(segmentIds(withAttachments));
  });
  test("makes the answered message's specific sender its specific recipient (governance rule 7)", () => {
    const received = communication(withAttachments).extension?.[0]?.valueReference?.reference;
    expect(received).toMatch(/^CareTeam\//);
    expect(communication(replyWithAttachments).recipient?.[0]?.reference).toBe(received);
  });
  test("goes back to the answered message's sender", () => {
    const receiverRef = (b: Bundle) =>
      (b.entry?.[0]?.resource as { destination?: { receiver?: { reference?: string } }[] }).destination?.[0]?.receiver
        ?.reference;
    const senderRef = (b: Bundle) => (b.entry?.[0]?.resource as { sender?: { reference?: string } }).sender?.reference;
    expect(receiverRef(reply)).toBe(senderRef(first));
  });
  test("built from the official new message (cc5-01) has the shape of the official reply (cc5-02)", () => {
    const official = readExampleBundle("cc5-01-new-message.xml");
    const ours = build(composeFixture("reply-gp-to-ppr.json", { sender: "5790001348120" }), official);
    const theirs = readExampleBundle("cc5-02-reply-with-pdf-attachment.xml");
    expect(thread(ours)).toBe(thread(theirs));
    expect(ofType(ours, "Provenance")).toHaveLength(ofType(theirs, "Provenance").length);
    expect(segmentIds(ours)[0]).toBe(segmentIds(theirs)[0]);
    expect(validateMessage(ours).issues).toEqual([]);
  });
});

describe("a forward", () => {
  const { withAttachments, forward } = conversation();
  test("starts a new thread and carries attachment data", () => {
    expect(thread(forward)).not.toBe(thread(withAttachments));
    const data = communication(forward).payload?.find((p) => p.contentAttachment?.data)?.contentAttachment?.data;
    expect(data).toBe(
      communication(withAttachments).payload?.find((p) => p.contentAttachment?.data)?.contentAttachment?.data,
    );
    expect(latestProvenance(forward)?.activity?.coding?.[0]?.code).toBe("forward-message");
  });
});

describe("a technical resend", () => {
  test("gets a new Bundle.id and send time but keeps MessageHeader.id, thread and segments", () => {
    const { reply } = conversation();
    const resent = technicalResend(reply, { newId: sequentialIds(800), now: "2026-11-22T10:30:00+01:00" });
    expect(resent.id).not.toBe(reply.id);
    expect(headerId(resent)).toBe(headerId(reply));
    expect(thread(resent)).toBe(thread(reply));
    expect(latestProvenance(resent)?.recorded).toBe("2026-11-22T10:30:00+01:00");
    expect(ofType<Provenance>(resent, "Provenance")[0]).toEqual(ofType<Provenance>(reply, "Provenance")[0]);
  });
});
