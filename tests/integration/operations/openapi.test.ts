// /openapi.json: a valid OpenAPI 3.1 document that describes every route of the app (and nothing else), with the
// very schemas the routes check requests against; /docs shows it.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { gatewayForFile } from "../../support/gateway.js";
import { readFixture } from "../../support/shared.js";

const gateway = gatewayForFile();

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, object> };
}

const fetchDoc = async () => (await (await gateway.request("GET", "/openapi.json")).json()) as Doc;

/** The board's own pages and JSON (third-party, under its one documented entry) are not ours to describe. */
const BOARD_INTERNALS = /^\/admin\/queues\/./;

function appRoutes(): string[] {
  const routes = gateway.running.app?.routes ?? [];
  return [
    ...new Set(
      routes
        .filter((r) => r.method !== "ALL" && !BOARD_INTERNALS.test(r.path))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    ),
  ].sort();
}

describe("the API description", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("describes every route of the app, and no route the app does not have", async () => {
    const doc = await fetchDoc();
    const described = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
      .sort();
    expect(appRoutes().length).toBeGreaterThan(30);
    expect(described).toEqual(appRoutes());
  });

  it("publishes the schemas the routes check: a client's own validator agrees with the gateway", async () => {
    const doc = await fetchDoc();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const compose = ajv.compile(doc.components.schemas.ComposeRequest as object);
    for (const fixture of ["new-ppr-to-gp.json", "new-with-attachments.json", "forward-to-psychiatry.json"])
      expect(compose(JSON.parse(readFixture(`compose/${fixture}`)))).toBe(true);
    const { topic: _topic, ...letter } = JSON.parse(readFixture("compose/new-ppr-to-gp.json")) as Record<
      string,
      unknown
    >;
    expect(compose(letter)).toBe(true);
    expect(compose({ ...letter, category: "other" })).toBe(false); // a topic is required with category other
    const response = await gateway.request("POST", "/v1/messages", {
      key: "demo-ppr-gribskov-key",
      json: { ...letter, category: "other" },
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["/topic"]);
    const ack = ajv.compile(doc.components.schemas.AcknowledgeRequest as object);
    expect(ack({ code: "ok" })).toBe(true);
    expect(ack({ code: "fatal-error" })).toBe(false);
    const search = doc.paths["/v1/admin/messages"]?.get?.parameters?.map((p) => `${p.in}:${p.name}`);
    expect(search).toEqual(
      ["status", "sender", "receiver", "category", "kind", "from", "to", "limit", "cursor"].map((n) => `query:${n}`),
    );
  });

  it("can be read at /docs", async () => {
    const response = await gateway.request("GET", "/docs");
    expect(response.status).toBe(200);
    const page = await response.text();
    for (const path of [
      "/v1/messages",
      "/v1/mailboxes/{gln}/messages/{id}/acknowledgement",
      "/v1/admin/messages/{id}/retry",
    ])
      expect(page).toContain(path);
    expect(page).toContain("ComposeRequest");
    expect(page).not.toContain("<script");
  });
});
