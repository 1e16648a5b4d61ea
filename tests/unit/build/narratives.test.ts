// Narratives hold what the profiles mark SHALL:in-narrative, escaped as XHTML, with line breaks and never base64.
import { describe, expect, test } from "vitest";
import { buildAcknowledgement, technicalResend } from "../../../src/medcom/builders/index.js";
import type { Bundle, Communication, MessageHeader, Provenance, Resource } from "../../../src/medcom/model/index.js";
import { parseXml } from "../../../src/medcom/xml.js";
import { NOW, build, composeFixture, conversation, sequentialIds } from "../../support/build.js";

const resources = (b: Bundle): Resource[] => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
const divOf = (r: Resource | undefined) => (r as { text?: { div: string } } | undefined)?.text?.div ?? "";
const one = <T extends Resource>(b: Bundle, type: string) => resources(b).find((r) => r.resourceType === type) as T;

describe("narratives", () => {
  const { withAttachments, forward, reply } = conversation();

  test("every narrative is well-formed XHTML in the XHTML namespace and names its resource's id", () => {
    for (const bundle of [withAttachments, forward, reply]) {
      for (const r of resources(bundle)) {
        const parsed = parseXml(divOf(r));
        expect(parsed.ok, `${r.resourceType}/${r.id ?? ""}`).toBe(true);
        expect(divOf(r)).toContain(r.id ?? "missing id");
      }
    }
  });

  test("text.status is `extensions` exactly where the narrative shows extension content (R4 narrative-status)", () => {
    // R4 narrative-status: `extensions` = "generated from the core elements and extensions". The Communication shows
    // its segments' author, time and contact and the specific sender (all extensions), as the official examples have
    // it (cc5-01: Communication `extensions`); the MessageHeader shows each destination's use (MedCom's
    // destination-use extension). Every other narrative shows core elements only: `generated`.
    const SHOWS_EXTENSIONS = new Set(["Communication", "MessageHeader"]);
    const ack = buildAcknowledgement({ message: reply, code: "ok", newId: sequentialIds(900), now: NOW });
    for (const bundle of [withAttachments, forward, reply, ack]) {
      for (const r of resources(bundle)) {
        const status = (r as { text?: { status: string } }).text?.status;
        expect(status, r.resourceType).toBe(SHOWS_EXTENSIONS.has(r.resourceType) ? "extensions" : "generated");
      }
    }
  });

  test("a coded role is shown by its display, not its code (PractitionerRole, segment signature, specific sender)", () => {
    // MedCom's PractitionerRoles value set lists bare codes; the displays are its CodeSystems' (SKS administrative:
    // speciallaege → "Speciallæge"; Autorisationsregistret: psykolog → "Psykolog").
    const bundle = build(composeFixture("new-regarding-referral-asap.json"), undefined, sequentialIds(1));
    const role = one<Resource>(bundle, "PractitionerRole");
    expect(divOf(role)).toContain("Speciallæge (speciallaege)");
    const communication = divOf(one(bundle, "Communication"));
    expect(communication).toContain("Speciallæge");
    expect(communication).not.toContain("speciallaege");
    expect(divOf(one(forward, "Communication"))).toContain("Psykolog");
    expect(divOf(one(forward, "Communication"))).not.toContain("psykolog,");
  });

  test("never carry base64, though the forward carries the PDF's data", () => {
    const data = one<Communication>(forward, "Communication").payload?.find((p) => p.contentAttachment?.data)
      ?.contentAttachment?.data;
    expect(data).toBeDefined();
    for (const r of resources(forward)) expect(divOf(r)).not.toContain((data ?? "").slice(0, 24));
  });

  test("the Communication shows category, topic, every segment, attachment titles and links", () => {
    const div = divOf(one(withAttachments, "Communication"));
    for (const expected of [
      "Psykiatri, social, handicap",
      "Vurdering",
      "application/pdf",
      "Vejledning om skolevægring",
      "https://www.example.org/vejledning/skolevaegring",
      "PPR Team Nord",
      "Team for angst og OCD",
    ])
      expect(div).toContain(expected);
    expect(divOf(one(reply, "Communication"))).toContain("Skolevægring");
  });

  test("the MessageHeader shows id, event, endpoints, parties and focus", () => {
    const h = one<MessageHeader>(reply, "MessageHeader");
    const div = divOf(h);
    for (const expected of [
      h.id ?? "?",
      "care-communication-message",
      h.destination?.[0]?.endpoint ?? "?",
      h.source.endpoint,
      h.focus?.[0]?.reference ?? "?",
    ])
      expect(div).toContain(expected);
  });

  test("the Provenance shows target, time, activity, agent and every entity", () => {
    const p = resources(reply)
      .filter((r) => r.resourceType === "Provenance")
      .at(-1) as Provenance;
    const div = divOf(p);
    expect(div).toContain(p.target[0]?.reference ?? "?");
    expect(div).toContain("reply-message");
    for (const e of p.entity ?? []) expect(div).toContain(e.what.reference ?? e.what.identifier?.value ?? "?");
  });

  test("escape markup in the text and keep it as written in contentString", () => {
    const text = 'Se <b>"vedhæftet"</b> & svar\r\nvenligst <script>alert(1)</script>';
    const bundle = build(composeFixture("new-ppr-to-gp.json", { text }));
    const c = one<Communication>(bundle, "Communication");
    expect(c.payload?.[0]?.contentString).toBe(text);
    const div = divOf(c);
    expect(div).not.toContain("<script>");
    expect(div).toContain("&lt;b&gt;&quot;vedhæftet&quot;&lt;/b&gt; &amp; svar<br/>venligst &lt;script&gt;");
  });

  test("a technical resend shows the new send time in its Provenance's narrative", () => {
    const later = "2026-11-22T11:15:00+01:00";
    const resent = technicalResend(reply, { newId: sequentialIds(990), now: later });
    const own = resources(resent)
      .filter((r) => r.resourceType === "Provenance")
      .at(-1);
    expect(divOf(own)).toContain(later);
    expect(divOf(own)).not.toContain(NOW);
  });
});
