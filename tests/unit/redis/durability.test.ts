// Issue 12, point 2: the start-up rule for an external Redis's persistence, against fake CONFIG/INFO answers.
import { describe, expect, it } from "vitest";
import { loadEnv } from "../../../src/config/load.js";
import { factsFromInfo, judgeDurability, readPersistence } from "../../../src/redis/durability.js";

class ReplyError extends Error {
  override name = "ReplyError";
}

type Answers = { config?: Record<string, string> | Error; info?: string | Error };

function fakeRedis(answers: Answers) {
  return {
    config: (_get: "GET", name: string): Promise<unknown> => {
      const c = answers.config;
      if (c instanceof Error) return Promise.reject(c);
      return Promise.resolve(c && name in c ? [name, c[name]] : []);
    },
    info: (): Promise<string> => {
      const i = answers.info;
      return i instanceof Error ? Promise.reject(i) : Promise.resolve(i ?? "");
    },
  } as unknown as Parameters<typeof readPersistence>[0];
}

const INFO_AOF_ON = "# Persistence\r\nloading:0\r\naof_enabled:1\r\naof_rewrite_in_progress:0\r\n";
const INFO_AOF_OFF = "# Persistence\r\nloading:0\r\naof_enabled:0\r\n";

async function verdict(answers: Answers, acceptDataLoss = false) {
  return judgeDurability(await readPersistence(fakeRedis(answers)), acceptDataLoss);
}

describe("external Redis durability (issue 12, point 2)", () => {
  it("accepts appendonly yes + appendfsync always, silently", async () => {
    expect(await verdict({ config: { appendonly: "yes", appendfsync: "always" } })).toEqual({});
    expect(await verdict({ config: { appendonly: "yes", appendfsync: "always" } }, true)).toEqual({});
  });

  it("refuses appendfsync everysec or no, naming the setting and the opt-out", async () => {
    for (const fsync of ["everysec", "no"]) {
      const v = await verdict({ config: { appendonly: "yes", appendfsync: fsync } });
      expect(v.refuse).toContain(`appendfsync ${fsync}`);
      expect(v.refuse).toContain("appendfsync always");
      expect(v.refuse).toContain("GATEWAY_ACCEPT_REDIS_DATA_LOSS=1");
    }
  });

  it("refuses appendonly no whatever the fsync policy", async () => {
    const v = await verdict({ config: { appendonly: "no", appendfsync: "always" } });
    expect(v.refuse).toContain("appendonly no");
  });

  it("with the opt-out, starts but warns loudly instead", async () => {
    const v = await verdict({ config: { appendonly: "yes", appendfsync: "everysec" } }, true);
    expect(v.refuse).toBeUndefined();
    expect(v.warning).toMatch(/^DURABILITY RISK ACCEPTED \(GATEWAY_ACCEPT_REDIS_DATA_LOSS=1\)/);
    expect(v.warning).toContain("appendfsync everysec");
  });

  it("CONFIG disabled or renamed: falls back to INFO persistence", async () => {
    const unknown = new ReplyError("ERR unknown command 'CONFIG', with args beginning with: 'GET' 'appendonly'");
    expect(await readPersistence(fakeRedis({ config: unknown, info: INFO_AOF_ON }))).toEqual({
      appendonly: "yes",
      source: "info",
    });
    // aof off is known from INFO alone: refused for that reason.
    expect((await verdict({ config: unknown, info: INFO_AOF_OFF })).refuse).toContain("appendonly no");
    // aof on, but INFO never tells the fsync policy: refused unless opted out.
    const onlyInfo = await verdict({ config: unknown, info: INFO_AOF_ON });
    expect(onlyInfo.refuse).toMatch(/does not say its appendfsync policy/);
    expect((await verdict({ config: unknown, info: INFO_AOF_ON }, true)).warning).toMatch(/appendfsync policy/);
  });

  it("CONFIG denied by an ACL (NOPERM) is treated like a disabled CONFIG", async () => {
    const noperm = new ReplyError("NOPERM User gw has no permissions to run the 'config|get' command");
    expect((await verdict({ config: noperm, info: INFO_AOF_ON })).refuse).toMatch(/appendfsync policy/);
  });

  it("neither CONFIG nor INFO tells: refused unless opted out", async () => {
    const denied = new ReplyError("NOPERM");
    const v = await verdict({ config: denied, info: denied });
    expect(v.refuse).toMatch(/does not say whether appendonly is on/);
    expect((await verdict({ config: denied, info: denied }, true)).warning).toContain("DURABILITY RISK ACCEPTED");
    expect(factsFromInfo("# Persistence\r\nloading:0\r\n")).toEqual({ source: "none" });
  });

  it("a lost connection is not mistaken for a disabled CONFIG", async () => {
    const lost = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    await expect(readPersistence(fakeRedis({ config: lost }))).rejects.toThrow("ECONNREFUSED");
  });
});

describe("GATEWAY_ACCEPT_REDIS_DATA_LOSS", () => {
  it("is 1 or unset; anything else is a configuration error, not a silent no", () => {
    expect(loadEnv({ GATEWAY_ACCEPT_REDIS_DATA_LOSS: "1" })).toMatchObject({
      ok: true,
      value: { acceptRedisDataLoss: true },
    });
    const unset = loadEnv({});
    expect(unset.ok && unset.value.acceptRedisDataLoss).toBeFalsy();
    const yes = loadEnv({ GATEWAY_ACCEPT_REDIS_DATA_LOSS: "yes" });
    expect(yes.ok).toBe(false);
    expect(yes.issues.map((i) => i.path)).toContain("GATEWAY_ACCEPT_REDIS_DATA_LOSS");
  });
});
