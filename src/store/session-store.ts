// Administrators' console sessions in Redis, shared by every API process. The cookie holds a random token; Redis
// holds only its SHA-256, so someone who can read Redis cannot take over a session. A session ends when signed out,
// after IDLE_SECONDS without a request, or MAX_AGE_MS after sign-in, whichever comes first.
// Someone who can write to Redis must not make a session either (issue 11, the class of point 5): the key name is an
// HMAC of the token and the stored session carries an HMAC of its fields, both under a key derived (RFC 5869 HKDF)
// from the keyring's audit key, which Redis never holds — a planted or edited session is no session.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { keysFor } from "./keys.js";

export const SESSION_IDLE_SECONDS = 30 * 60;
export const SESSION_MAX_AGE_MS = 8 * 3600_000;

export interface Session {
  client: string;
  /** The synchronizer token every form of this session carries (CSRF). */
  csrf: string;
  createdAt: number;
}

export interface SessionStore {
  /** A new session for `client`; returns the cookie's token. */
  create(client: string, now: number): Promise<{ token: string; session: Session }>;
  /** The session of a token, extending its idle time; undefined when unknown, idle too long or too old. */
  get(token: string, now: number): Promise<Session | undefined>;
  destroy(token: string): Promise<void>;
}

const randomToken = () => randomBytes(32).toString("base64url");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function createSessionStore(redis: Redis, prefix: string, secret: Buffer): SessionStore {
  const keys = keysFor(prefix);
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "medcom-gateway console session v1", 32));
  const hmac = (text: string) => createHmac("sha256", key).update(text, "utf8").digest("hex");
  const hash = (token: string) => hmac(`token\n${token}`);
  const macOf = (name: string, s: Session) => hmac(`session\n${name}\n${s.client}\n${s.csrf}\n${s.createdAt}`);
  const genuine = (name: string, stored: Session & { mac?: unknown }) => {
    const given = Buffer.from(typeof stored.mac === "string" ? stored.mac : "", "utf8");
    const expected = Buffer.from(macOf(name, stored), "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    async create(client, now) {
      const token = randomToken();
      const session: Session = { client, csrf: randomToken(), createdAt: now };
      const name = hash(token);
      const stored = { ...session, mac: macOf(name, session) };
      await redis.set(keys.session(name), JSON.stringify(stored), "EX", SESSION_IDLE_SECONDS);
      return { token, session };
    },
    async get(token, now) {
      if (!TOKEN.test(token)) return undefined;
      const name = hash(token);
      const redisKey = keys.session(name);
      const stored = await redis.get(redisKey);
      if (stored === null) return undefined;
      let parsed: Session & { mac?: unknown } = { client: "", csrf: "", createdAt: 0 };
      try {
        const value = JSON.parse(stored) as unknown;
        if (typeof value === "object" && value !== null) parsed = value as Session & { mac?: unknown };
      } catch {
        // not a session: refused below
      }
      if (!genuine(name, parsed) || now - parsed.createdAt > SESSION_MAX_AGE_MS) {
        await redis.del(redisKey);
        return undefined;
      }
      await redis.expire(redisKey, SESSION_IDLE_SECONDS);
      return { client: parsed.client, csrf: parsed.csrf, createdAt: parsed.createdAt };
    },
    async destroy(token) {
      if (TOKEN.test(token)) await redis.del(keys.session(hash(token)));
    },
  };
}
