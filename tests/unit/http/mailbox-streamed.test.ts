// A mailbox fetch (and a message's /content) of a letter with a detached attachment (issue 17): a streamed response
// with its Content-Length, byte for byte the response for the same letter with its data inline (JSON and XML); the
// audit still names the fetch; a blob that is gone is 404 content-expired.
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/http/app.js";
import { createMetrics, type MetricsSources } from "../../../src/http/metrics.js";
import { silentLogger } from "../../../src/log.js";
import type { SessionStore } from "../../../src/store/session-store.js";
import type { UseCaseDeps } from "../../../src/usecases/deps.js";
import { submitMessage } from "../../../src/usecases/submit/submit-message.js";
import { composeFixture } from "../../support/build.js";
import { detachedLetter } from "../../support/detached-letter.js";
import { memoryGateway } from "../../support/memory-gateway.js";

const GP = "5790000209354";
const GP_KEY = "demo-gp-helsinge-key";

async function setUp() {
  const gateway = memoryGateway();
  const caller = gateway.caller("ppr-gribskov");
  const { body } = await submitMessage(
    caller,
    { type: "compose", body: composeFixture("new-ppr-to-gp.json") },
    gateway.deps,
  );
  await gateway.deliver(body.id);
  const letter = await detachedLetter(2 * 1024 * 1024 + 1, 300_001);
  let stored = letter.inline;
  const base = gateway.deps.store;
  const store: UseCaseDeps["store"] = Object.assign(Object.create(base) as UseCaseDeps["store"], {
    content: (id: string) => (id === body.id ? Promise.resolve(stored) : base.content(id)),
  });
  const deps: UseCaseDeps = { ...gateway.deps, store, blobs: letter.blobs };
  const sessions = {} as SessionStore;
  const app = createApp({
    deps,
    metrics: createMetrics({} as MetricsSources),
    readiness: {} as never,
    maxBodyBytes: 1024 * 1024,
    log: silentLogger(),
    sessions,
    queues: [],
  });
  const fetchAs = (path: string, accept: string) =>
    app.request(path, { headers: { Authorization: `Bearer ${GP_KEY}`, Accept: accept } });
  return { gateway, letter, id: body.id, app, fetchAs, use: (content: string) => (stored = content) };
}

describe("a letter with a detached attachment, fetched", () => {
  it("from the mailbox and as /content: streamed, its length up front, byte for byte the inline letter's answer", async () => {
    const { letter, id, fetchAs, use, gateway } = await setUp();
    for (const path of [`/v1/mailboxes/${GP}/messages/${id}`, `/v1/messages/${id}/content`])
      for (const accept of ["application/fhir+json", "application/fhir+xml"]) {
        use(letter.inline);
        const inline = await fetchAs(path, accept);
        expect(inline.status, path).toBe(200);
        const expected = Buffer.from(await inline.arrayBuffer());
        use(letter.detached);
        const streamed = await fetchAs(path, accept);
        expect(streamed.status).toBe(200);
        expect(streamed.headers.get("content-type")).toBe(inline.headers.get("content-type"));
        expect(streamed.headers.get("content-length")).toBe(String(expected.length));
        const body = Buffer.from(await streamed.arrayBuffer());
        expect(body.equals(expected), `${path} ${accept}`).toBe(true);
        expect(body.includes(Buffer.from("detached:"))).toBe(false);
      }
    const fetches = (await gateway.deps.auditLog.list(50)).filter((e) => e.entry.action === "mailbox-fetch");
    expect(fetches.length).toBe(4);
  });

  it("whose blob is gone: 404 content-expired", async () => {
    const { letter, id, fetchAs, use } = await setUp();
    use(letter.detached);
    await letter.blobs.delete(letter.blobId);
    const response = await fetchAs(`/v1/mailboxes/${GP}/messages/${id}`, "application/fhir+json");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("content-expired");
  });
});
