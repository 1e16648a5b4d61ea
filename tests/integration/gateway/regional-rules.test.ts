// Issue 13, "Regional rules", over HTTP with a real Redis: a report of concern about a child (underretning, Barnets
// Lov § 133) is refused as a letter — compose request or ready Bundle — with a 422 naming the proper channel; an
// acute letter is accepted with a warning to telephone, and counted on the console and /metrics; both are policy in
// the configuration (on by default, word lists editable, an off switch).
import { describe, expect, it } from "vitest";
import { writeFhirJson, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { build, composeFixture, sequentialIds } from "../../support/build.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../support/shared.js";
import {
  KEYS,
  METRICS_TOKEN,
  demoConfig,
  gatewayForFile,
  startTestGateway,
  type TestGateway,
} from "../../support/gateway.js";

const gateway = gatewayForFile();

interface Answer {
  status: number;
  body: { id?: string; issues?: { severity: string; code: string; rule?: string; path: string; message: string }[] };
}

const letter = () =>
  JSON.parse(readFileSync(join(projectRoot, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as Record<
    string,
    unknown
  >;

async function compose(g: TestGateway, overrides: Record<string, unknown>): Promise<Answer> {
  const response = await g.request("POST", "/v1/messages", { key: KEYS.ppr, json: { ...letter(), ...overrides } });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

async function bundle(g: TestGateway, b: Bundle, format: "xml" | "json" = "xml"): Promise<Answer> {
  const response = await g.request("POST", "/v1/messages", {
    key: KEYS.ppr,
    body: format === "xml" ? writeFhirXml(b) : writeFhirJson(b),
    contentType: `application/fhir+${format}`,
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

let idBase = 7000;
/** A valid letter from the builder with its own ids, edited before it is sent. */
function ready(edit: (c: Communication) => void = () => undefined): Bundle {
  idBase += 100;
  const b = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(idBase));
  const index = (b.entry ?? []).findIndex((e) => e.resource?.resourceType === "Communication");
  edit(b.entry?.[index]?.resource as Communication);
  return b;
}

const communicationAt = (b: Bundle) =>
  `Bundle.entry[${(b.entry ?? []).findIndex((e) => e.resource?.resourceType === "Communication")}].resource.ofType(Communication)`;

describe("a report of concern is not a letter", () => {
  it("refuses a compose request whose topic says so: 422 at /topic, naming the municipality's report form", async () => {
    const answer = await compose(gateway, { topic: "Underretning vedr. Bruno" });
    expect(answer.status).toBe(422);
    expect(answer.body.issues).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "report-of-concern",
        rule: "regional-report-of-concern",
        path: "/topic",
      }),
    ]);
    expect(answer.body.issues?.[0]?.message).toContain("municipality's digital report form");
    // The letter's own words are not echoed; the configured word is.
    expect(answer.body.issues?.[0]?.message).not.toContain("Bruno");
    expect(answer.body.issues?.[0]?.message).toContain('"underretning"');
  });

  it("refuses a ready Bundle (XML) whose topic says so, at topic.text", async () => {
    const b = ready((c) => (c.topic = { text: "Bekymringsunderretning jf. Barnets Lov §133" }));
    const answer = await bundle(gateway, b);
    expect(answer.status).toBe(422);
    expect(answer.body.issues).toEqual([
      expect.objectContaining({ code: "report-of-concern", path: `${communicationAt(b)}.topic.text` }),
    ]);
  });

  it("refuses a ready Bundle (JSON) whose category text says so, at category.text", async () => {
    const b = ready((c) => {
      const category = c.category?.[0];
      if (category) category.text = "Underretning (Serviceloven § 153)";
    });
    const answer = await bundle(gateway, b, "json");
    expect(answer.status).toBe(422);
    expect(answer.body.issues?.[0]).toMatchObject({
      code: "report-of-concern",
      path: `${communicationAt(b)}.category[0].text`,
    });
  });

  it("does not refuse a letter that only mentions a report in its text", async () => {
    const answer = await compose(gateway, { text: "Vi har sendt en underretning til kommunen via blanketten." });
    expect(answer.status).toBe(202);
    expect(answer.body.issues).toBeUndefined();
  });
});

describe("an acute letter goes by telephone", () => {
  it("accepts a compose request marked acute with a warning to telephone, at /topic", async () => {
    const answer = await compose(gateway, { topic: "HASTER - ring venligst" });
    expect(answer.status).toBe(202);
    expect(answer.body.issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "acute-letter",
        rule: "regional-acute-by-telephone",
        path: "/topic",
      }),
    ]);
    expect(answer.body.issues?.[0]?.message).toMatch(/telephone/);
  });

  it("accepts a ready Bundle marked acute with the warning, and the same again (200) with the same answer", async () => {
    const b = ready((c) => (c.topic = { text: "Akut: Bruno er forsvundet" }));
    const first = await bundle(gateway, b);
    expect(first.status).toBe(202);
    expect(first.body.issues).toEqual([
      expect.objectContaining({ code: "acute-letter", path: `${communicationAt(b)}.topic.text` }),
    ]);
    const again = await bundle(gateway, b);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it("a routine letter, and the category acute-ambulant (an encounter type), get no warning", async () => {
    expect((await compose(gateway, {})).body.issues).toBeUndefined();
    const answer = await compose(gateway, { category: "acute-ambulant" });
    expect(answer.status).toBe(202);
    expect(answer.body.issues).toBeUndefined();
  });

  it("the console and /metrics count the acute letters (once each) and the refused reports", async () => {
    const overview = await gateway.request("GET", "/v1/admin/overview", { key: KEYS.admin });
    const body = (await overview.json()) as {
      regionalRules: { acuteLetters: number; reportsOfConcernRefused: number };
    };
    expect(body.regionalRules).toEqual({ acuteLetters: 2, reportsOfConcernRefused: 3 });

    const metrics = await (await gateway.request("GET", "/metrics", { key: METRICS_TOKEN })).text();
    expect(metrics).toContain('medcom_regional_rules_total{rule="acute-letter"} 2');
    expect(metrics).toContain('medcom_regional_rules_total{rule="report-of-concern"} 3');

    const signIn = await fetch(`${gateway.url}/admin/sign-in`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ apiKey: KEYS.admin, next: "/admin" }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: gateway.url },
    });
    const token = /mg_admin_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")?.[1] ?? "";
    const page = await fetch(`${gateway.url}/admin`, {
      headers: { Cookie: `mg_admin_session=${token}; mg_lang=en`, Accept: "text/html" },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-count="acute-letters"[^>]*>\s*<div class="n">2<\/div>\s*<div>Acute letters<\/div>/);
    expect(html).toMatch(/data-count="reports-of-concern"[^>]*>\s*<div class="n">3<\/div>/);
  });
});

describe("the rules are policy in the configuration", () => {
  it("edited word lists and the off switch take effect", async () => {
    const edited = await startTestGateway({
      config: demoConfig({}, { reportOfConcern: { words: ["bekymring"] }, acuteLetters: { enabled: false } }),
    });
    try {
      expect((await compose(edited, { topic: "Bekymring for Bruno" })).status).toBe(422);
      const notListed = await compose(edited, { topic: "Underretning" });
      expect(notListed.status).toBe(202);
      const off = await compose(edited, { topic: "Haster" });
      expect(off.status).toBe(202);
      expect(off.body.issues).toBeUndefined();
    } finally {
      await edited.stop();
    }
  });
});
