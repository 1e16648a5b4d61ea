// The audit trail: every submit, content read, mailbox fetch, acknowledgement and admin action is recorded with the
// client, the message and its parties and a keyed hash of the CPR (never the CPR); GET /v1/admin/audit lists the
// entries and verifies the chain, reporting an altered or removed entry.
import { describe, expect, it } from "vitest";
import {
  acknowledge,
  GLN,
  KEYS,
  rawRedis,
  gatewayForFile,
  submitLetter,
  waitForStatus,
} from "../../support/gateway.js";

interface AuditItem {
  seq: number;
  entry: { client: string; action: string; messageId?: string; sender?: string; receiver?: string; cprHash?: string };
}
interface AuditAnswer {
  items: AuditItem[];
  verification: { ok: boolean; checked: number; problems: { seq: number; code: string; problem: string }[] };
}

const gateway = gatewayForFile();

const audit = async (query = ""): Promise<AuditAnswer> =>
  (await (
    await gateway.request("GET", `/v1/admin/audit?limit=1000${query}`, { key: KEYS.admin })
  ).json()) as AuditAnswer;

describe("audit trail", () => {
  it("records who did what to which message, with a keyed CPR hash instead of the CPR", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"], KEYS.gp);
    await gateway.request("GET", `/v1/messages/${id}/content`, { key: KEYS.ppr });
    await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages/${id}`, { key: KEYS.gp });
    await acknowledge(gateway, KEYS.gp, GLN.gp, id, { code: "ok" });
    await gateway.request("GET", "/v1/admin/stats/replies", { key: KEYS.admin });

    const { items, verification } = await audit();
    expect(verification).toMatchObject({ ok: true, problems: [] });
    const about = (action: string) => items.filter((i) => i.entry.action === action && i.entry.messageId === id);
    expect(about("submit")[0]?.entry).toMatchObject({ client: "ppr-gribskov", sender: GLN.ppr, receiver: GLN.gp });
    expect(about("read-content")[0]?.entry.client).toBe("ppr-gribskov");
    expect(about("mailbox-fetch")[0]?.entry.client).toBe("gp-helsinge");
    expect(about("acknowledge")[0]?.entry.client).toBe("gp-helsinge");
    expect(items.some((i) => i.entry.action === "admin" && i.entry.client === "ops")).toBe(true);

    const hashes = new Set(
      [...about("submit"), ...about("read-content"), ...about("mailbox-fetch")].map((i) => i.entry.cprHash),
    );
    expect(hashes.size).toBe(1); // the same patient, the same hash
    const [hash] = [...hashes];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items)).not.toContain("2509479989");
  });

  it("reports an altered entry and a removed one", async () => {
    const redis = rawRedis(gateway.redisUrl);
    const key = `${gateway.prefix}:audit`;
    const line = (await redis.lindex(key, 2)) ?? "";
    const stored = JSON.parse(line) as AuditItem;
    await redis.lset(key, 2, line.replace(`"client":"${stored.entry.client}"`, '"client":"someone-else"'));
    // An entry before the newest checkpoint is checked by the full verification (issue 11, point 5: the view
    // verifies incrementally from the newest checkpoint).
    const altered = await audit("&verify=full");
    expect(altered.verification.ok).toBe(false);
    expect(altered.verification.problems).toContainEqual({
      seq: stored.seq,
      code: "altered",
      problem: "the entry was altered (its MAC does not match)",
    });

    await redis.lset(key, 2, line); // put it back
    expect((await audit("&verify=full")).verification.problems.filter((p) => p.seq === stored.seq)).toEqual([]);
    await redis.lrem(key, 1, (await redis.lindex(key, 4)) ?? "");
    const removed = await audit(); // the count no longer matches the head: the view checks in full
    expect(removed.verification.problems).toContainEqual(
      expect.objectContaining({
        code: "removed",
        problem: expect.stringContaining("missing or out of order") as unknown,
      }),
    );
    redis.disconnect();
  });
});
