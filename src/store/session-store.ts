// Administrators' console sessions in Redis, shared by every API process. The cookie holds a random token; Redis
// holds only its SHA-256, so someone who can read Redis cannot take over a session. A session ends when signed out,
// after IDLE_SECONDS without a request, or MAX_AGE_MS after sign-in, whichever comes first. The stored session is
// sealed, bound to its key: someone who can write to Redis cannot plant a session (an administrator's, for a token
// of their choosing) that the gateway would take as genuine (issue 11, point 8's class of defect).
import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { UnsealError, type Sealer } from "../crypto/keyring.js";
import { keysFor } from "./keys.js";

const SESSION_IDLE_SECONDS = 30 * 60;
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

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
const randomToken = () => randomBytes(32).toString("base64url");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The stored session if it is one the gateway sealed in this place; anything else is no session. */
function openSession(sealer: Sealer, stored: string, context: string): Session | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sealer.open(stored, context));
  } catch (err) {
    if (err instanceof UnsealError || err instanceof SyntaxError) return undefined;
    throw err;
  }
  const s = parsed as Partial<Session> | null;
  return typeof s?.client === "string" && typeof s.csrf === "string" && typeof s.createdAt === "number"
    ? { client: s.client, csrf: s.csrf, createdAt: s.createdAt }
    : undefined;
}

export function createSessionStore(redis: Redis, prefix: string, sealer: Sealer): SessionStore {
  const keys = keysFor(prefix);
  const contextOf = (tokenHash: string) => `session:${tokenHash}`;
  return {
    async create(client, now) {
      const token = randomToken();
      const session: Session = { client, csrf: randomToken(), createdAt: now };
      const tokenHash = hash(token);
      const sealed = sealer.seal(JSON.stringify(session), contextOf(tokenHash));
      await redis.set(keys.session(tokenHash), sealed, "EX", SESSION_IDLE_SECONDS);
      return { token, session };
    },
    async get(token, now) {
      if (!TOKEN.test(token)) return undefined;
      const tokenHash = hash(token);
      const key = keys.session(tokenHash);
      const stored = await redis.get(key);
      if (stored === null) return undefined;
      const session = openSession(sealer, stored, contextOf(tokenHash));
      if (!session) {
        await redis.del(key);
        return undefined;
      }
      if (now - session.createdAt > SESSION_MAX_AGE_MS) {
        await redis.del(key);
        return undefined;
      }
      await redis.expire(key, SESSION_IDLE_SECONDS);
      return session;
    },
    async destroy(token) {
      if (TOKEN.test(token)) await redis.del(keys.session(hash(token)));
    },
  };
}
