// Threads beyond new → reply: a reply to a forward with a specific sender/recipient and an episode of care, rule 7
// and the episode of care returned in the next reply, and organisations matched by GLN and SOR on official messages.
import { describe, expect, test } from "vitest";
import { buildCareCommunication } from "../../../src/medcom/builders/index.js";
import { describeMessage } from "../../../src/medcom/readers/index.js";
import type {
  Bundle,
  CareTeam,
  Communication,
  Encounter,
  MessageHeader,
  Organization,
  PractitionerRole,
  Provenance,
  Resource,
} from "../../../src/medcom/model/index.js";
import { ExtensionUrl } from "../../../src/medcom/systems.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { NOW, build, composeFixture, conversation, sequentialIds } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

const resources = (b: Bundle): Resource[] => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
const ofType = <T extends Resource>(b: Bundle, type: string) =>
  resources(b).filter((r) => r.resourceType === type) as T[];
const communication = (b: Bundle) => ofType<Communication>(b, "Communication")[0] as Communication;
const header = (b: Bundle) => b.entry?.[0]?.resource as MessageHeader;
const resolve = <T extends Resource>(b: Bundle, ref: string | undefined) =>
  resources(b).find((r) => `${r.resourceType}/${r.id ?? ""}` === ref) as T | undefined;

describe("a reply to a forward with a specific sender and recipient and an episode of care", () => {
  const { forward } = conversation();
  const reply = build(composeFixture("reply-to-forward.json"), forward, sequentialIds(600));

  test("is valid and stays in the forward's thread with its whole Provenance stack", () => {
    expect(validateMessage(reply).issues).toEqual([]);
    expect(communication(reply).identifier).toEqual(communication(forward).identifier);
    const stack = ofType<Provenance>(reply, "Provenance");
    expect(stack.slice(0, -1)).toEqual(ofType<Provenance>(forward, "Provenance"));
    expect(stack.at(-1)?.activity?.coding?.[0]?.code).toBe("reply-message");
  });

  test("the specific sender is a person in a coded role at the sending organisation (invariant -11)", () => {
    const ref = communication(reply).extension?.find((e) => e.url === ExtensionUrl.specificSender)?.valueReference;
    const role = resolve<PractitionerRole>(reply, ref?.reference);
    expect(role?.code?.[0]?.coding?.[0]?.code).toBe("socialraadgiver");
    expect(role?.organization?.reference).toBe(header(reply).sender?.reference);
  });

  test("the named specific recipient wins over rule 7 and belongs to the receiving organisation (-12)", () => {
    const team = resolve<CareTeam>(reply, communication(reply).recipient?.[0]?.reference);
    expect(team?.name).toBe("PPR Team Nord");
    expect(team?.managingOrganization?.[0]?.reference).toBe(header(reply).destination?.[0]?.receiver?.reference);
  });

  test("the episode of care is an Encounter the Communication references", () => {
    const encounter = resolve<Encounter>(reply, communication(reply).encounter?.reference);
    expect(encounter?.episodeOfCare?.[0]?.identifier).toEqual({
      system: "https://sor2.sum.dsdn.dk/#id=328051000016008",
      value: "5f0c9a1e-2b3d-4c5e-8f6a-7b8c9d0e1f2a",
    });
    expect(encounter?.class.code).toBe("AMB");
  });

  test("the next reply returns the episode of care and sends to the specific sender (rule 7)", () => {
    const answer = build(
      composeFixture("reply-gp-to-ppr.json", { sender: "5790001348120" }),
      reply,
      sequentialIds(650),
    );
    expect(validateMessage(answer).issues).toEqual([]);
    const received = communication(reply).extension?.find((e) => e.url === ExtensionUrl.specificSender);
    expect(communication(answer).recipient?.[0]?.reference).toBe(received?.valueReference?.reference);
    const episode = (b: Bundle) =>
      resolve<Encounter>(b, communication(b).encounter?.reference)?.episodeOfCare?.[0]?.identifier;
    expect(episode(answer)).toEqual(episode(reply));
    expect(describeMessage(answer).receiver.gln).toBe("5790000121441");
  });
});

describe("organisations are matched by GLN and SOR together (one GLN, several SOR units)", () => {
  // cc5-05 is sent by SOR 1042981000016003 to Plejecenter Herlev (SOR 953741000016009); both have GLN 5790001348120.
  const official = readExampleBundle("cc5-05-reply-to-forward-with-link.xml");
  const plejecenter = { gln: "5790001348120", sor: "953741000016009", name: "Plejecenter Herlev" };
  const other = { gln: "5790001348120", sor: "1042981000016003", name: "Anden enhed" };
  const reply = buildCareCommunication(composeFixture("reply-gp-to-ppr.json", { sender: plejecenter.gln }), {
    newId: sequentialIds(1),
    now: NOW,
    parties: { sender: plejecenter, receiver: other },
    previous: official,
  });

  test("each party keeps its own organisation from the thread", () => {
    const sor = (ref: string | undefined) =>
      resolve<Organization>(reply, ref)?.identifier?.find((i) => i.system === "urn:oid:1.2.208.176.1.1")?.value;
    expect(sor(header(reply).sender?.reference)).toBe(plejecenter.sor);
    expect(sor(header(reply).destination?.[0]?.receiver?.reference)).toBe(other.sor);
    expect(header(reply).sender?.reference).toBe(header(official).destination?.[0]?.receiver?.reference);
  });

  test("the reply is valid", () => {
    expect(validateMessage(reply).issues).toEqual([]);
  });
});
