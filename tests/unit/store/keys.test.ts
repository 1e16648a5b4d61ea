// Issue 11, point 1 (defence in depth): a Redis key is only ever built from a part of the format it names.
import { describe, expect, it } from "vitest";
import { keysFor, UncheckedKeyPartError } from "../../../src/store/keys.js";
import { HOSTILE_IDS } from "../../../test-fixtures/hostile/api.js";

const keys = keysFor("{mg}");
const UUID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

describe("Redis key builders", () => {
  it("build keys from checked ids", () => {
    expect(keys.record(UUID)).toBe(`{mg}:msg:${UUID}`);
    expect(keys.content(UUID)).toBe(`{mg}:msg:${UUID}:content`);
    expect(keys.thread(`urn:uuid:${UUID}`)).toBe(`{mg}:thread:urn:uuid:${UUID}`);
    expect(keys.mailbox("5790000209354")).toBe("{mg}:mailbox:5790000209354");
    expect(keys.idempotency("client:ppr-gribskov", "key-1")).toBe("{mg}:idem:client:ppr-gribskov:key-1");
    expect(keys.status("accepted")).toBe("{mg}:status:accepted");
    expect(keys.session("a".repeat(64))).toBe(`{mg}:session:${"a".repeat(64)}`);
  });

  it("take the FHIR ids earlier versions stored (no colon, slash, space or line break in any of them)", () => {
    expect(keys.record("R-Tek-K.1")).toBe("{mg}:msg:R-Tek-K.1");
  });

  it.each(
    HOSTILE_IDS.filter((id) => !/^[A-Za-z0-9\-.]{1,64}$/.test(id)).map((id) => [JSON.stringify(id).slice(0, 50), id]),
  )("refuse the message id %s", (_n, id) => {
    expect(() => keys.record(id)).toThrow(UncheckedKeyPartError);
    expect(() => keys.content(id)).toThrow(UncheckedKeyPartError);
    expect(() => keys.events(id)).toThrow(UncheckedKeyPartError);
  });

  it("refuse other parts that are not of their format", () => {
    expect(() => keys.thread(UUID)).toThrow(UncheckedKeyPartError);
    expect(() => keys.thread(`urn:uuid:${UUID}:x`)).toThrow(UncheckedKeyPartError);
    expect(() => keys.mailbox("5790000209354:new")).toThrow(UncheckedKeyPartError);
    expect(() => keys.mailboxNew("123")).toThrow(UncheckedKeyPartError);
    expect(() => keys.idempotency("ack", "a b")).toThrow(UncheckedKeyPartError);
    expect(() => keys.idempotency("ack", "a\r\nb")).toThrow(UncheckedKeyPartError);
    expect(() => keys.status("accepted\n")).toThrow(UncheckedKeyPartError);
    expect(() => keys.session("../x")).toThrow(UncheckedKeyPartError);
    expect(() => keys.record("")).toThrow(UncheckedKeyPartError);
  });
});
