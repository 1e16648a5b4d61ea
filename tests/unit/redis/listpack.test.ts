import { describe, expect, it } from "vitest";
import { judgeListpackValue, readListpackValue } from "../../../src/redis/listpack.js";

describe("hash-max-listpack-value of an external Redis", () => {
  it("warns below 1024, naming the setting and the fix", () => {
    expect(judgeListpackValue("64")).toMatch(/hash-max-listpack-value 64.*Set hash-max-listpack-value 1024/);
    expect(judgeListpackValue("nonsense")).toBeDefined();
  });
  it("is quiet at 1024 or more, or when Redis will not say", () => {
    expect(judgeListpackValue("1024")).toBeUndefined();
    expect(judgeListpackValue("4096")).toBeUndefined();
    expect(judgeListpackValue(undefined)).toBeUndefined();
  });
  it("reads CONFIG GET, and takes a refused CONFIG as not knowing", async () => {
    expect(await readListpackValue({ config: () => Promise.resolve(["hash-max-listpack-value", "128"]) })).toBe("128");
    const denied = Object.assign(new Error("NOPERM"), { name: "ReplyError" });
    expect(await readListpackValue({ config: () => Promise.reject(denied) })).toBeUndefined();
    await expect(
      readListpackValue({ config: () => Promise.reject(new Error("Connection is closed")) }),
    ).rejects.toThrow("closed");
  });
});
