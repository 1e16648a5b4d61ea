// Issue 12, point 4: administrators see a location's circuit breaker (console directory and GET /v1/admin/locations)
// as soon as it is marked down, with the letters waiting for it.
import { describe, expect, test } from "vitest";
import { directoryPage } from "../../../src/http/console/pages/directory.js";
import { breakerView, type LocationHealth } from "../../../src/usecases/admin/directory-health.js";

const location = (breaker: LocationHealth["breaker"]): LocationHealth => ({
  gln: "5790000209354",
  sor: "265161000016000",
  name: "Lægerne i Helsinge",
  kind: "gp",
  formats: ["application/fhir+xml"],
  adapter: "webhook",
  last24h: { delivered: 0, retry: 5, rejected: 0 },
  health: "failing",
  ...(breaker ? { breaker } : {}),
});

describe("breaker view", () => {
  test("closed shows only the waiting count; open shows since when and the next try", () => {
    expect(breakerView({ state: "closed", failures: 2 }, 0)).toEqual({ state: "closed", waiting: 0 });
    expect(
      breakerView(
        { state: "open", since: Date.UTC(2026, 11, 5, 10), until: Date.UTC(2026, 11, 5, 10, 1), opens: 1 },
        7,
      ),
    ).toEqual({
      state: "open",
      since: "2026-12-05T10:00:00.000Z",
      nextProbeAt: "2026-12-05T10:01:00.000Z",
      waiting: 7,
    });
    expect(breakerView({ state: "half-open", since: 0, probeUntil: 5, opens: 2 }, 1)).toEqual({
      state: "half-open",
      since: "1970-01-01T00:00:00.000Z",
      waiting: 1,
    });
  });

  test("the console's directory marks a down location with its waiting letters", async () => {
    const view = breakerView(
      { state: "open", since: Date.UTC(2026, 11, 5, 10), until: Date.UTC(2026, 11, 5, 10, 1), opens: 1 },
      7,
    );
    const page = String(await directoryPage({ lang: "en", here: "/admin/directory" }, [location(view)]));
    expect(page).toContain('data-breaker="open"');
    expect(page).toContain("down since 05/12/2026, 11:00:00");
    expect(page).toContain("next try 05/12/2026, 11:01:00");
    expect(page).toContain("7 waiting");
    const up = String(
      await directoryPage({ lang: "da", here: "/admin/directory" }, [
        location(breakerView({ state: "closed", failures: 0 }, 0)),
      ]),
    );
    expect(up).toContain('data-breaker="closed"');
  });
});
