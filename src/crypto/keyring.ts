// Encryption at rest (AES-256-GCM, Node's crypto): message contents and the record fields that may hold patient
// words are sealed before they reach Redis. Every sealed value names its key, so keys can be rotated
// (`medcom-gateway keys rotate`) while older values stay readable. The keyring also holds the audit key (a keyed hash
// of CPR numbers and the MAC of audit entries), which never rotates.
//
// Formats: `mg2:<key id>:<iv>:<tag>:<body>` (written now) seals every value with its own key, derived with HKDF
// (RFC 5869) from the keyring key and the value's context (record id + field). AES-GCM with random 96-bit IVs is safe
// for at most 2^32 encryptions under one key (NIST SP 800-38D §8.3); with a key per record and field each key seals a
// handful of values (a resend, a re-encryption), so no count of messages comes near the budget (issue 11, point 17).
// `mg1:` values (the keyring key used directly) are still opened, and `keys rotate` rewrites them as mg2.
// `mg3:<key id>:` + IV, tag and body as bytes (issue 17, point 2) seals message contents compressed (a Brotli stream,
// src/crypto/content-compression.ts), stored as bytes, not base64. Compressed before sealing, since ciphertext does
// not compress; at rest nobody can choose text next to a secret and watch the size (the CRIME/BREACH class needs both). Its keys come from their own HKDF salt, so no
// value opens as another format.
// `mg4:<key id>:` + IV, tag and body as bytes (issue 17, point 1) seals bytes as they are: a large attachment's chunks
// (PDFs, images, video: already compressed, so Brotli would only spend CPU). Its own HKDF salt again.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomFillSync,
  type Cipher,
  type Decipher,
} from "node:crypto";
import { brotliDecompressSync } from "node:zlib";
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { compressContent } from "./content-compression.js";

export interface KeyringFile {
  current: string;
  keys: Record<string, string>;
  audit: string;
}

export interface Sealer {
  /** Seal `plaintext`, bound to `context` (where it is stored), with the current key. */
  seal(plaintext: string, context: string): string;
  /** A message content: compressed, sealed, as bytes (mg3): kilobytes of XML that shrink to a sixth. */
  sealContent(plaintext: string, context: string): Buffer;
  /** Open a content: mg3 bytes, or a content sealed before compression (mg2, mg1 text). */
  openContent(value: Buffer, context: string): string;
  /** Bytes as they are, sealed, as bytes (mg4): a large attachment's chunk, 35 bytes of header per chunk. */
  sealBytes(plaintext: Uint8Array, context: string): Buffer;
  /** Open bytes sealed by sealBytes; anything else throws an UnsealError. */
  openBytes(value: Buffer, context: string): Buffer;
  /**
   * Open a sealed value. Anything else throws an UnsealError: a plaintext value where a sealed one belongs is not
   * "data from before encryption" but a downgrade by whoever can write to Redis (issue 11, point 8).
   */
  open(value: string, context: string): string;
  readonly currentKeyId: string;
  readonly auditKey: Buffer;
}

/** The formats written (COMPRESSED for contents, as bytes); LEGACY is only read. */
const PREFIX = "mg2";
const COMPRESSED = "mg3";
const LEGACY = "mg1";
const BYTES = "mg4";
/** HKDF's salts: fixed, naming the purpose, so keys derived here cannot collide with another use of the key. */
const MG2_SALT = Buffer.from("medcom-gateway sealed value mg2", "utf8");
const MG3_SALT = Buffer.from("medcom-gateway sealed value mg3 (brotli)", "utf8");
const MG4_SALT = Buffer.from("medcom-gateway sealed value mg4 (bytes)", "utf8");
const KEY_BYTES = 32;
const IV_BYTES = 12;

/**
 * A fresh random IV for each sealed value (GCM needs one never used before with the key: 96 random bits each). Taken
 * from a pool the CSPRNG fills 256 IVs at a time: `randomBytes(12)` per value was ≈ 1 % of the API's CPU, about a
 * dozen values a letter (issue 17, point 3). Each IV is still its own CSPRNG output, used once and copied out.
 */
const IV_POOL = Buffer.alloc(IV_BYTES * 256);
let ivPoolAt = IV_POOL.length;
function freshIv(): Buffer {
  if (ivPoolAt === IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivPoolAt = 0;
  }
  const iv = Buffer.from(IV_POOL.subarray(ivPoolAt, ivPoolAt + IV_BYTES));
  ivPoolAt += IV_BYTES;
  return iv;
}
// A full 16-byte tag, demanded on opening: a shortened tag would weaken GCM's forgery bound (NIST SP 800-38D §5.2.1.2).
const TAG_BYTES = 16;

/**
 * What AES-GCM is given at a time. Node's update() allocates its output for each call, and an output past malloc's
 * mmap threshold (128 KiB) is fresh pages every time: one update over a 1 MiB blob chunk took 2.6 ms where 64 KiB
 * pieces took 0.36 ms, a 200 KB attachment 335 against 124 µs, sealing included (measured, Node 20, issue 17 point 3).
 */
const CIPHER_PIECE_BYTES = 64 * 1024;

/** Run `input` through a GCM cipher or decipher in pieces, each piece's output copied into `output` from `at`; returns
 *  where the output ends (GCM is a stream mode: as many bytes come out as go in). */
function cipherInto(cipher: Cipher | Decipher, input: Uint8Array, output: Buffer, at: number): number {
  let end = at;
  for (let i = 0; i < input.byteLength; i += CIPHER_PIECE_BYTES) {
    end += cipher.update(input.subarray(i, i + CIPHER_PIECE_BYTES)).copy(output, end);
  }
  return end;
}
/** What a key id looks like (`keys rotate` makes k1, k2, …): anything else is not worth re-reading the file for. */
const KEY_ID = /^[\w-]{1,64}$/;

export const isSealed = (value: string): boolean => value.startsWith(`${PREFIX}:`) || value.startsWith(`${LEGACY}:`);

/** A sealed value that is not in the current format or not under the current key: `keys rotate` re-seals it. */
export const isStale = (value: string, currentKeyId: string): boolean =>
  !value.startsWith(`${PREFIX}:${currentKeyId}:`);

/** A content not in mg3 under the current key (an mg2 one from before compression, or an older key): re-sealed. */
export const isStaleContent = (value: Buffer, currentKeyId: string): boolean =>
  !value.subarray(0, COMPRESSED.length + currentKeyId.length + 2).equals(Buffer.from(`${COMPRESSED}:${currentKeyId}:`));

/** Sealed bytes (mg4) not under the current key: `keys rotate` re-seals them. */
export const isStaleBytes = (value: Buffer, currentKeyId: string): boolean =>
  !value.subarray(0, BYTES.length + currentKeyId.length + 2).equals(Buffer.from(`${BYTES}:${currentKeyId}:`));

type Format = "mg2" | "mg3" | "mg4";
const SALTS: Record<Format, Buffer> = { mg2: MG2_SALT, mg3: MG3_SALT, mg4: MG4_SALT };

/**
 * The key that seals one value: HKDF-SHA-256 (RFC 5869) of the keyring key, with the value's context (record id and
 * field) as its info. HKDF's extract step (PRK = HMAC(salt, keyring key)) is the same for every value under one key
 * and format, so it is computed once and kept; the expand step for a 32-byte key is one HMAC: T(1) = HMAC(PRK, info
 * || 0x01). The same bytes as hkdfSync, which repeated the extract and built key objects for every value (issue 17,
 * point 3: it was a sixth of sealing a text letter).
 */
export function valueKey(keyringKey: Buffer, context: string, format: Format = "mg2"): Buffer {
  return createHmac("sha256", pseudorandomKey(keyringKey, format))
    .update(context, "utf8")
    .update(EXPAND_COUNTER)
    .digest();
}

const EXPAND_COUNTER = Buffer.from([1]);
/** PRKs by format and keyring key (a keyring holds a handful of keys; a rotation adds one). */
const prks = new Map<string, Buffer>();
function pseudorandomKey(keyringKey: Buffer, format: Format): Buffer {
  const id = `${format}:${keyringKey.toString("base64")}`;
  let prk = prks.get(id);
  if (prk === undefined) {
    prk = createHmac("sha256", SALTS[format]).update(keyringKey).digest();
    if (prks.size >= 1024) prks.clear();
    prks.set(id, prk);
  }
  return prk;
}

/** Why a stored value did not open. The message never carries the value (it may be patient data). */
export type UnsealReason = "not-sealed" | "unknown-key" | "does-not-open";

export class UnsealError extends Error {
  constructor(readonly reason: UnsealReason) {
    super(
      reason === "not-sealed"
        ? "the stored value is not sealed"
        : reason === "unknown-key"
          ? "the stored value names a key the keyring does not hold"
          : "the stored value does not open (altered, moved, or sealed with another key)",
    );
    this.name = "UnsealError";
  }
}

export function newKeyringFile(): KeyringFile {
  return {
    current: "k1",
    keys: { k1: randomBytes(KEY_BYTES).toString("base64") },
    audit: randomBytes(KEY_BYTES).toString("base64"),
  };
}

/**
 * Write atomically, readable by the owner only (issue 11, point 3's class: the keyring is what a stray write destroys).
 * The temporary file is created exclusively under a random name without following a link (O_CREAT | O_EXCL |
 * O_NOFOLLOW), fsync'd, then renamed into place and the folder fsync'd, so a crash leaves the old keyring or the new
 * one, never an empty one. `exclusive` (a new keyring) publishes it with link(2), which fails if anything, even a
 * dangling link, already has the name: a keyring is never overwritten by `keys init`, not even in a race.
 */
export function writeKeyringFile(path: string, keyring: KeyringFile, options: { exclusive?: boolean } = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.${basename(path)}.${randomBytes(16).toString("hex")}.tmp`);
  const fd = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    try {
      fchmodSync(fd, 0o600); // exactly owner-only, whatever the umask
      writeFileSync(fd, `${JSON.stringify(keyring, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) linkSync(temporary, path);
    else renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true }); // after link(2) the temporary name only; after rename(2) nothing is left
  }
  const folder = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

export function readKeyringFile(path: string): KeyringFile {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<KeyringFile>;
  const keys = parsed.keys ?? {};
  const valid = (b64: unknown) => typeof b64 === "string" && Buffer.from(b64, "base64").length === KEY_BYTES;
  if (
    typeof parsed.current !== "string" ||
    !valid(keys[parsed.current]) ||
    !valid(parsed.audit) ||
    !Object.values(keys).every(valid)
  )
    throw new Error(
      `${path} is not a keyring: { current, keys: { id: base64 of 32 bytes }, audit: base64 of 32 bytes }`,
    );
  return { current: parsed.current, keys, audit: parsed.audit as string };
}

/** Add a new key and make it current; returns its id. */
export function rotateKeyringFile(path: string): string {
  const keyring = readKeyringFile(path);
  const numbers = Object.keys(keyring.keys).map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0));
  const id = `k${Math.max(0, ...numbers) + 1}`;
  writeKeyringFile(path, {
    ...keyring,
    current: id,
    keys: { ...keyring.keys, [id]: randomBytes(KEY_BYTES).toString("base64") },
  });
  return id;
}

/** A sealer over a keyring file; a value sealed with a key it does not know makes it read the file again (rotated). */
/** Whether a binary value starts with "<mark>:". */
const hasMark = (value: Buffer, mark: string): boolean =>
  value.subarray(0, mark.length + 1).equals(Buffer.from(`${mark}:`));

export function createSealer(path: string): Sealer {
  let keyring = readKeyringFile(path);
  // Key ids come from stored values, which whoever writes to Redis controls: own properties only (no `__proto__`).
  const held = (id: string) => Object.hasOwn(keyring.keys, id);
  const keyOf = (id: string): Buffer | undefined => {
    if (!held(id) && KEY_ID.test(id)) keyring = readKeyringFile(path);
    const b64 = held(id) ? keyring.keys[id] : undefined;
    return b64 === undefined ? undefined : Buffer.from(b64, "base64");
  };
  const current = keyring.current;
  const currentKey = keyOf(current) as Buffer;
  /** The binary formats (mg3, mg4): "<mark>:<key id>:" then IV, tag and body as bytes (base64 would add a third). */
  const sealBinary = (plaintext: Uint8Array, context: string, mark: typeof COMPRESSED | typeof BYTES): Buffer => {
    const iv = freshIv();
    const cipher = createCipheriv("aes-256-gcm", valueKey(currentKey, context, mark), iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    // Enciphered straight into the value, piece by piece: joining body and final, then head and body, copied a blob's
    // 1 MiB chunk twice more (garbage the process's resident size carried; issue 17, tests/integration/large).
    const head = Buffer.from(`${mark}:${current}:`);
    const value = Buffer.allocUnsafe(head.length + IV_BYTES + TAG_BYTES + plaintext.byteLength);
    let at = head.copy(value, 0);
    at += iv.copy(value, at);
    const tagAt = at;
    at = cipherInto(cipher, plaintext, value, tagAt + TAG_BYTES);
    if (cipher.final().length !== 0 || at !== value.length)
      throw new Error("AES-GCM gave other lengths than its input's");
    cipher.getAuthTag().copy(value, tagAt);
    return value;
  };
  const openBinary = (value: Buffer, context: string, mark: typeof COMPRESSED | typeof BYTES): Buffer => {
    const end = value.indexOf(":", mark.length + 1);
    const id = end < 0 ? "" : value.subarray(mark.length + 1, end).toString("latin1");
    if (!KEY_ID.test(id) || value.length < end + 1 + IV_BYTES + TAG_BYTES) throw new UnsealError("not-sealed");
    const keyringKey = keyOf(id);
    if (!keyringKey) throw new UnsealError("unknown-key");
    const iv = value.subarray(end + 1, end + 1 + IV_BYTES);
    const tag = value.subarray(end + 1 + IV_BYTES, end + 1 + IV_BYTES + TAG_BYTES);
    try {
      const key = valueKey(keyringKey, context, mark);
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(tag);
      const sealedBody = value.subarray(end + 1 + IV_BYTES + TAG_BYTES);
      const body = Buffer.allocUnsafe(sealedBody.length);
      const at = cipherInto(decipher, sealedBody, body, 0);
      // GCM's final() is empty (a stream mode) and checks the tag; it throws when the value does not open.
      if (decipher.final().length !== 0 || at !== body.length) throw new UnsealError("does-not-open");
      return body;
    } catch {
      throw new UnsealError("does-not-open");
    }
  };
  const sealer: Sealer = {
    currentKeyId: current,
    auditKey: Buffer.from(keyring.audit, "base64"),
    seal(plaintext, context) {
      const iv = freshIv();
      const cipher = createCipheriv("aes-256-gcm", valueKey(currentKey, context), iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [
        PREFIX,
        current,
        iv.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
        body.toString("base64url"),
      ].join(":");
    },
    sealContent: (plaintext, context) => sealBinary(compressContent(plaintext), context, COMPRESSED),
    sealBytes: (plaintext, context) => sealBinary(plaintext, context, BYTES),
    openBytes(value, context) {
      if (!hasMark(value, BYTES)) throw new UnsealError("not-sealed");
      return openBinary(value, context, BYTES);
    },
    openContent(value, context) {
      if (!hasMark(value, COMPRESSED)) return sealer.open(value.toString("utf8"), context);
      const text = openBinary(value, context, COMPRESSED);
      // Only what opened (GCM-authenticated: sealed by a holder of the key) is decompressed; never outside bytes.
      try {
        return brotliDecompressSync(text).toString("utf8");
      } catch {
        throw new UnsealError("does-not-open");
      }
    },
    open(value, context) {
      const parts = value.split(":");
      if (parts.length !== 5 || !isSealed(value)) throw new UnsealError("not-sealed");
      const [format, id = "", iv = "", tag = "", body = ""] = parts;
      const keyringKey = keyOf(id);
      if (!keyringKey) throw new UnsealError("unknown-key");
      // The context stays the AAD in both formats: in mg2 it also picks the key, so a value moved elsewhere fails twice.
      const key = format === PREFIX ? valueKey(keyringKey, context) : keyringKey;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        // A wrong tag, IV or tag length: GCM's authentication failed, whatever the detail.
        throw new UnsealError("does-not-open");
      }
    },
  };
  return sealer;
}
