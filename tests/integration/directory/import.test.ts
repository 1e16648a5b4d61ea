// Importing the directory into a running gateway (issue 16, point 3): `medcom-gateway directory import` stores the
// file as a new generation; the gateway hears of it and routes with it without a restart; /v1/locations pages through
// all 20,000; a bad file changes nothing; re-imports while letters flow lose and duplicate none.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { run } from "../../../src/cli.js";
import type { CliIo } from "../../../src/cli/io.js";
import { directoryKeys } from "../../../src/store/directory-store.js";
import { demoLocations } from "../../support/config.js";
import { directoryCsv, directoryEntries, entryGln } from "../../support/directory-entries.js";
import {
  eventually,
  GLN,
  KEYS,
  rawRedis,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../../support/gateway.js";

const COUNT = 20_000;
const dir = mkdtempSync(join(tmpdir(), "mg-directory-"));
const redis = rawRedis(inject("redisUrl"));
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.stop();
  redis.disconnect();
});

async function importFile(name: string, text: string): Promise<{ code: number; out: string; err: string }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const captured = { out: "", err: "" };
  const io: CliIo = {
    out: (t) => (captured.out += t),
    err: (t) => (captured.err += t),
    readFile: (p) => readFileSync(p),
    env: { REDIS_URL: gateway.redisUrl, GATEWAY_KEY_PREFIX: gateway.prefix, GATEWAY_DATA_DIR: dir },
  };
  const code = await run(["directory", "import", path], io);
  return { code, ...captured };
}

interface LocationsPage {
  items: { gln: string; name: string }[];
  next?: string;
}
const locations = async (query: string): Promise<LocationsPage> => {
  const response = await gateway.request("GET", `/v1/locations?${query}`, { key: KEYS.gp });
  expect(response.status).toBe(200);
  return (await response.json()) as LocationsPage;
};

describe("directory import into a running gateway", () => {
  it("imports 20,000 locations; the gateway finds them at once and pages through all of them", async () => {
    const result = await importFile("sor-export.csv", directoryCsv(directoryEntries(COUNT)));
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^imported 20000 location\(s\) from sor-export\.csv as generation 1 at /);
    const found = await eventually(async () => {
      const page = await locations(`q=${encodeURIComponent("Importklinik 19999")}`);
      return page.items.length > 0 ? page : undefined;
    }, 15_000);
    expect(found.items.map((l) => l.gln)).toEqual([entryGln(19999)]);

    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await locations(`limit=1000${cursor ? `&cursor=${cursor}` : ""}`);
      for (const l of page.items) seen.add(l.gln);
      cursor = page.next;
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(1000);
    } while (cursor);
    expect(seen.size).toBe(COUNT + demoLocations().length);
    expect(pages).toBe(Math.ceil((COUNT + demoLocations().length) / 1000));
    expect((await locations("")).items).toHaveLength(100);
    const tooMany = await gateway.request("GET", "/v1/locations?limit=1001", { key: KEYS.gp });
    expect(tooMany.status).toBe(400);
    const forged = await gateway.request("GET", "/v1/locations?cursor=..%2F..", { key: KEYS.gp });
    expect(forged.status).toBe(400);
  });

  it("the console shows the last import and one page of 100 locations, never the 20,000", async () => {
    const signIn = await fetch(`${gateway.url}/admin/sign-in`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ apiKey: KEYS.admin, next: "/admin" }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: gateway.url },
    });
    const token = /mg_admin_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")?.[1] ?? "";
    const page = (path: string) =>
      fetch(`${gateway.url}${path}`, { headers: { Cookie: `mg_admin_session=${token}`, Accept: "text/html" } });
    const first = await page("/admin/directory");
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('data-import="1"');
    expect(html).toContain("sor-export.csv");
    expect(html).toContain(`data-matching="${COUNT + demoLocations().length}"`);
    expect(html.match(/<tr data-gln=/g)).toHaveLength(100);
    const next = /href="(\/admin\/directory\?cursor=[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toBeDefined();
    const second = await (await page(next ?? "")).text();
    expect(second.match(/<tr data-gln=/g)).toHaveLength(100);
    const searched = await (await page(`/admin/directory?q=${entryGln(12345)}`)).text();
    expect(searched.match(/<tr data-gln=/g)).toHaveLength(1);
    expect((await page("/admin/directory?cursor=nope")).status).toBe(400);

    const admin = await gateway.request("GET", "/v1/admin/locations?limit=50", { key: KEYS.admin });
    const body = (await admin.json()) as { items: { gln: string; origin?: string }[]; next?: string };
    expect(body.items).toHaveLength(50);
    expect(body.next).toBeDefined();
    const imported = await gateway.request("GET", `/v1/admin/locations?q=${entryGln(12345)}`, { key: KEYS.admin });
    expect(((await imported.json()) as typeof body).items).toMatchObject([
      { gln: entryGln(12345), adapter: "vans", origin: "import" },
    ]);
  });

  it("a file with errors is refused by line, exit 1, and nothing changes", async () => {
    const before = await redis.hget(directoryKeys(gateway.prefix).meta, "generation");
    const bad = directoryCsv(directoryEntries(3)).replace(entryGln(1), "5790000000000");
    const result = await importFile("bad.csv", bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain("not imported, nothing changed");
    expect(result.err).toMatch(/line 3/);
    expect(await redis.hget(directoryKeys(gateway.prefix).meta, "generation")).toBe(before);
  });

  it("re-imports while letters flow: every letter delivered exactly once, the new directory served after", async () => {
    const ids: string[] = [];
    let flowing = true;
    const flow = (async () => {
      while (flowing) ids.push((await submitLetter(gateway)).id);
    })();
    for (let g = 0; g < 3; g++) {
      const result = await importFile(`again-${g}.csv`, directoryCsv(directoryEntries(COUNT, g * 10, `r${g} `)));
      expect(result.code).toBe(0);
    }
    flowing = false;
    await flow;
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) {
      const record = await waitForStatus(gateway, id, ["delivered", "failed"], KEYS.admin, 30_000);
      expect(record.status).toBe("delivered");
      expect(record.events.filter((e) => e.type === "delivered")).toHaveLength(1);
    }
    const mailbox = await gateway.request("GET", `/v1/mailboxes/${GLN.gp}/messages?status=all&limit=500`, {
      key: KEYS.gp,
    });
    const delivered = ((await mailbox.json()) as { items: { id: string }[] }).items.map((m) => m.id);
    expect(delivered.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    const latest = await eventually(async () => {
      const page = await locations(`q=${entryGln(20)}`);
      return page.items[0]?.name === "Importklinik r2 20" ? page : undefined;
    });
    expect(latest.items).toHaveLength(1);
    expect((await locations(`q=${encodeURIComponent("Importklinik r0")}`)).items).toEqual([]);
  });
});
