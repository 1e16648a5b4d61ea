// Issue 11, point 1: route parameters are checked against their formats before a handler runs. A malformed `{id}`,
// `{gln}`, `{thread}` or cursor is a malformed request: 400 with a problem naming the parameter — never a 500 (an id
// ending in `:content` named another Redis key: WRONGTYPE) and never a 404 that looked the id up.
import { describe, expect, it } from "vitest";
import { gatewayForFile, GLN, KEYS, submitLetter } from "../../support/gateway.js";

const gateway = gatewayForFile();

async function get(path: string, key: string = KEYS.gp) {
  const response = await gateway.request("GET", path, { key });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("route parameters", () => {
  it("GET /v1/messages/{id}:content and friends: 400, not a 500 from another key", async () => {
    const { id } = await submitLetter(gateway);
    for (const path of [
      `/v1/messages/${id}:content`,
      `/v1/messages/${id}:events`,
      `/v1/messages/${id}:content/content`,
      `/v1/messages/${id.toUpperCase()}`,
      `/v1/mailboxes/${GLN.gp}/messages/${id}:content`,
    ]) {
      const answer = await get(path);
      expect({ path, status: answer.status, type: answer.type }).toEqual({
        path,
        status: 400,
        type: "application/problem+json",
      });
    }
    expect((await get(`/v1/messages/${id}`)).status).toBe(200);
  });

  it.each([
    ["{id}", `/v1/messages/${"a".repeat(5000)}`, "id"],
    ["{id} with CR/LF", "/v1/messages/x%0D%0AX-Injected:%201", "id"],
    ["{id} with a NUL", "/v1/messages/%00", "id"],
    ["{gln} of 12 digits", "/v1/mailboxes/579000020935/messages", "gln"],
    ["{gln} with letters", "/v1/mailboxes/57900002093x4/messages", "gln"],
    ["{thread} without urn:uuid:", "/v1/threads/00000000-0000-4000-8000-000000000001", "thread"],
    ["{thread} with a colon more", "/v1/threads/urn%3Auuid%3A00000000-0000-4000-8000-000000000001%3Ax", "thread"],
    ["cursor with a non-UUID id", `/v1/mailboxes/${GLN.gp}/messages?cursor=1.abc`, "cursor"],
    [
      "cursor reaching into a key",
      `/v1/mailboxes/${GLN.gp}/messages?cursor=1.00000000-0000-4000-8000-000000000001:x`,
      "cursor",
    ],
  ])("%s: 400 naming the parameter, the value not echoed", async (_what, path, name) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.type).toBe("application/problem+json");
    const problem = JSON.parse(answer.text) as { issues: { path: string }[] };
    expect(problem.issues.map((i) => i.path)).toContain(name);
    expect(answer.text).not.toContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect(answer.text).not.toContain("X-Injected");
  });

  it("admin routes and console pages check their {id} too", async () => {
    const retry = await gateway.request("POST", "/v1/admin/messages/x:content/retry", { key: KEYS.admin });
    expect(retry.status).toBe(400);
  });

  it("well-formed parameters still reach their handlers", async () => {
    const { id, thread } = await submitLetter(gateway);
    expect((await get(`/v1/threads/${encodeURIComponent(thread)}`, KEYS.ppr)).status).toBe(200);
    expect((await get(`/v1/messages/00000000-0000-4000-8000-00000000dead`)).status).toBe(404);
    expect((await get(`/v1/mailboxes/${GLN.gp}/messages?status=all&limit=1`)).status).toBe(200);
    expect((await get(`/v1/messages/${id}/content`, KEYS.ppr)).status).toBe(200);
  });
});
