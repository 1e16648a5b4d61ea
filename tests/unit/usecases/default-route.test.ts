// Issue 16, point 2: a receiver reached by the network's default route is known only by its GLN. A CareCommunication
// names its receiver's SOR id and name (medcom-messaging-organization), so a new letter to it is refused with what to
// do, while a letter that came from it is recorded under its own name and a reply to it takes both from that letter.
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors.js";
import { createDirectory } from "../../../src/routing/directory.js";
import { actingFor } from "../../../src/access/clients.js";
import { contentOf } from "../../../src/usecases/steps/record-for.js";
import { submitMessage } from "../../../src/usecases/submit/submit-message.js";
import { GLN } from "../../support/gateway.js";
import { memoryGateway, type MemoryGateway } from "../../support/memory-gateway.js";
import { readFixture } from "../../support/shared.js";

const letter = () => JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<string, unknown>;

/** The GP's answer to a letter: its receiver is the letter's sender. */
function replyTo(id: string): Record<string, unknown> {
  const { receiver: _, ...body } = letter();
  return { ...body, kind: "reply", inReplyTo: id, sender: GLN.gp };
}

/** The GP's side: the PPR is not configured, any valid GLN is reached through VANS. */
function gpSide(): MemoryGateway {
  const gateway = memoryGateway({}, (config) => ({
    ...config,
    locations: config.locations.filter((l) => l.gln !== GLN.ppr),
  }));
  gateway.deps.directory = createDirectory(gateway.config.locations, { defaultRoute: "vans" });
  return gateway;
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GatewayError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

describe("the default route", () => {
  it("refuses a new letter to a GLN it knows nothing else of, saying why and what to do", async () => {
    const gp = gpSide();
    const body = { ...letter(), sender: GLN.gp, receiver: GLN.ppr };
    const err = await refusal(submitMessage(gp.caller("gp-helsinge"), { type: "compose", body }, gp.deps));
    expect(err.kind).toBe("invalid");
    expect(err.issues).toEqual([expect.objectContaining({ code: "receiver-sor-unknown", path: "/receiver" })]);
    expect(err.issues[0]?.message).toMatch(/directory import/);
  });

  it("records a letter from such a sender under its own name, and a reply to it names its SOR id and name", async () => {
    const municipality = memoryGateway();
    const sent = await submitMessage(
      municipality.caller("ppr-gribskov"),
      { type: "compose", body: letter() },
      municipality.deps,
    );
    const bundle = await contentOf(sent.body.id, municipality.deps);
    const gp = gpSide();
    const received = await submitMessage(
      actingFor(GLN.ppr, "vans"),
      { type: "read", resource: bundle, sizeBytes: JSON.stringify(bundle).length },
      gp.deps,
    );
    const record = await gp.deps.store.get(received.body.id);
    expect(record?.sender).toEqual({ gln: GLN.ppr, name: "PPR Gribskov Kommune" });
    await gp.deliver(received.body.id);
    const reply = await submitMessage(
      gp.caller("gp-helsinge"),
      { type: "compose", body: replyTo(received.body.id) },
      gp.deps,
    );
    const answer = await contentOf(reply.body.id, gp.deps);
    const receiverOrg = JSON.stringify(answer.entry?.filter((e) => e.resource?.resourceType === "Organization"));
    expect(receiverOrg).toContain(municipality.config.locations.find((l) => l.gln === GLN.ppr)?.sor);
    expect((await gp.deps.store.get(reply.body.id))?.receiver).toEqual({ gln: GLN.ppr, name: "PPR Gribskov Kommune" });
  });
});
