// Reply statistics (GET /v1/admin/stats/replies) on a seeded set of conversations: per receiving location, letters
// received, answered, median time to the first reply, and the oldest unanswered.
import { describe, expect, it } from "vitest";
import { GLN, KEYS, gatewayForFile, submitLetter, waitForStatus } from "../../support/gateway.js";
import { readFixture } from "../../support/shared.js";

const gateway = gatewayForFile();

const reply = async (inReplyTo: string, key: string, sender: string) => {
  const json = { ...(JSON.parse(readFixture("compose/reply-gp-to-ppr.json")) as object), inReplyTo, sender };
  const response = await gateway.request("POST", "/v1/messages", { key, json });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
};

interface Stats {
  locations: {
    gln: string;
    received: number;
    answered: number;
    medianMinutesToAnswer?: number;
    oldestUnanswered?: { id: string };
  }[];
}

describe("reply statistics", () => {
  it("counts letters received and answered per receiving location, with the oldest unanswered", async () => {
    const letters = [await submitLetter(gateway), await submitLetter(gateway), await submitLetter(gateway)];
    const toPsychiatry = await submitLetter(gateway, KEYS.gp, { sender: GLN.gp, receiver: GLN.bup });
    for (const l of letters) await waitForStatus(gateway, l.id, ["delivered"]);
    await reply(letters[0]?.id ?? "", KEYS.gp, GLN.gp);
    await reply(letters[1]?.id ?? "", KEYS.gp, GLN.gp);
    // The PPR adds to its own latest letter (governance rule 4): that is not an answer from the GP.
    await reply(letters[2]?.id ?? "", KEYS.ppr, GLN.ppr);

    const response = await gateway.request("GET", "/v1/admin/stats/replies", { key: KEYS.admin });
    expect(response.status).toBe(200);
    const stats = (await response.json()) as Stats;
    const gp = stats.locations.find((l) => l.gln === GLN.gp);
    expect(gp).toMatchObject({ received: 3, answered: 2, oldestUnanswered: { id: letters[2]?.id } });
    expect(gp?.medianMinutesToAnswer).toBeGreaterThanOrEqual(0);
    expect(stats.locations.find((l) => l.gln === GLN.bup)).toMatchObject({
      received: 1,
      answered: 0,
      oldestUnanswered: { id: toPsychiatry.id },
    });
    // Replies are not letters: the PPR received none.
    expect(stats.locations.find((l) => l.gln === GLN.ppr)).toBeUndefined();
  });

  it("filters by period, checks its dates, and is for administrators only", async () => {
    const future = await gateway.request("GET", "/v1/admin/stats/replies?from=2099-01-01", { key: KEYS.admin });
    expect(future.status).toBe(400);
    const later = await gateway.request("GET", "/v1/admin/stats/replies?from=2099-01-01&to=2099-02-01", {
      key: KEYS.admin,
    });
    expect(((await later.json()) as Stats).locations).toEqual([]);
    expect((await gateway.request("GET", "/v1/admin/stats/replies?from=yesterday", { key: KEYS.admin })).status).toBe(
      400,
    );
    expect((await gateway.request("GET", "/v1/admin/stats/replies", { key: KEYS.gp })).status).toBe(403);
  });
});
