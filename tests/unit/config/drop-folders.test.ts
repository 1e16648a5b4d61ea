// File-drop folders never overlap (issue 11, point 3's class): one location's inbox that is another's dir would send
// the other's incoming mail as the first location.
import { describe, expect, test } from "vitest";
import { parseGatewayConfig } from "../../../src/config/schema.js";

const GLNS = ["5790001348120", "5790000209354"];
const config = (...deliveries: { dir: string; inbox?: string }[]) => ({
  locations: deliveries.map((d, i) => ({
    gln: GLNS[i],
    sor: "265161000016000",
    name: `Fildrop ${i}`,
    kind: "gp",
    formats: ["application/fhir+xml"],
    delivery: { adapter: "file-drop", ...d },
  })),
  clients: [],
});
const errors = (input: unknown) =>
  parseGatewayConfig(input)
    .issues.filter((i) => i.severity === "error")
    .map((i) => i.path);

describe("file-drop folders", () => {
  test("separate folders are fine", () => {
    expect(
      errors(config({ dir: "/srv/a/out", inbox: "/srv/a/in" }, { dir: "/srv/b/out", inbox: "/srv/b/in" })),
    ).toEqual([]);
  });

  test("one location's inbox may not be another's dir, nor lie inside or around it", () => {
    expect(errors(config({ dir: "/srv/a/out", inbox: "/srv/b/out" }, { dir: "/srv/b/out" }))).toEqual([
      "/locations/1/delivery/dir",
    ]);
    expect(errors(config({ dir: "/srv/a/out", inbox: "/srv/shared" }, { dir: "/srv/shared/b/" }))).toEqual([
      "/locations/1/delivery/dir",
    ]);
    expect(errors(config({ dir: "/srv/a/out", inbox: "/srv/x/../a/out/in" }))).toEqual(["/locations/0/delivery/inbox"]);
  });

  test("two locations may not share a dir; a sibling that merely starts with the same letters is fine", () => {
    expect(errors(config({ dir: "/srv/out" }, { dir: "/srv/out/" }))).toEqual(["/locations/1/delivery/dir"]);
    expect(errors(config({ dir: "/srv/out" }, { dir: "/srv/out-b" }))).toEqual([]);
  });

  test("a location's inbox equal to its own dir is reported once", () => {
    expect(errors(config({ dir: "/srv/a", inbox: "/srv/a" }))).toEqual(["/locations/0/delivery/inbox"]);
  });
});
