// One SFTP connection to the VANS provider, opened when first needed and reused by every call (issue 16, point 1): a
// VANS client polls every few seconds, and a new SSH handshake per poll would cost the provider and us for nothing.
// Any error drops the connection (a fresh one is opened by the next call, so a provider that restarted is found again)
// and becomes VansUnreachable: to the delivery adapter that is a receiver outage, retried under the circuit breaker.
//
// The provider is outside the gateway: its host key is pinned (host-key.ts), the private key is read from its file at
// each connect (a rotated key is picked up without a restart) and never logged, and the reasons given are bounded and
// printable (an SFTP server's error text could carry anything).
import { readFile } from "node:fs/promises";
import SftpClient from "ssh2-sftp-client";
import type { SFTPWrapper } from "ssh2";
import { shownValue } from "../../src/medcom/ids.js";
import { VansUnreachable } from "./transport.js";
import { pinnedHostVerifier } from "./host-key.js";

export interface SftpSettings {
  host: string;
  port: number;
  username: string;
  privateKeyFile: string;
  hostKeySha256: string;
  /** How long a connect may take (default 10 s). */
  readyTimeoutMs?: number;
}

/** What a call gets: the promise API, and the raw SFTP channel for what the promise API lacks (lstat, ranged reads). */
export interface SftpConnection {
  client: SftpClient;
  sftp: SFTPWrapper;
}

/** A remote error's text, bounded and printable (shownValue): an SFTP server's message could carry anything. */
export function boundedReason(err: unknown): string {
  return shownValue(err instanceof Error ? err.message : String(err));
}

/**
 * Calls in flight on the one connection. ssh2-sftp-client holds three listeners on the SSH client per call (and Node
 * warns past ten), and a provider's server is better asked a few things at a time than a burst of them: the delivery
 * workers' puts and the inbox poller's reads queue here.
 */
const CONCURRENT_CALLS = 3;

export class SftpSession {
  private current?: Promise<SftpConnection>;
  /** Counts connections, so a late event from an old one never forgets a newer one. */
  private generation = 0;
  private closed = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly settings: SftpSettings) {}

  /** Run `fn` on the shared connection; any failure drops the connection and is VansUnreachable. */
  async use<T>(what: string, fn: (connection: SftpConnection) => Promise<T>): Promise<T> {
    if (this.inFlight >= CONCURRENT_CALLS) await new Promise<void>((r) => this.waiting.push(r));
    else this.inFlight++;
    try {
      return await this.run(what, fn);
    } finally {
      // The slot passes straight to the next waiting call, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async run<T>(what: string, fn: (connection: SftpConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new VansUnreachable(`${what}: the SFTP transport is closed`);
    const opening = this.current ?? (this.current = this.open());
    let connection: SftpConnection;
    try {
      connection = await opening;
    } catch (err) {
      if (this.current === opening) this.current = undefined;
      throw err instanceof VansUnreachable ? err : new VansUnreachable(`${what}: ${boundedReason(err)}`);
    }
    try {
      return await fn(connection);
    } catch (err) {
      if (err instanceof VansUnreachable) throw err;
      // A fresh connection for the next call: cheap, and it leaves no doubt about the state of this one.
      this.drop(opening);
      throw new VansUnreachable(`${what}: ${boundedReason(err)}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = undefined;
    if (current) await endQuietly(current);
  }

  private drop(which: Promise<SftpConnection>): void {
    if (this.current === which) this.current = undefined;
    void endQuietly(which);
  }

  private async open(): Promise<SftpConnection> {
    const { host, port, username, privateKeyFile, hostKeySha256, readyTimeoutMs } = this.settings;
    let privateKey: Buffer;
    try {
      privateKey = await readFile(privateKeyFile);
    } catch (err) {
      // The path is the operator's own configuration; the key's content never appears anywhere.
      throw new VansUnreachable(`the SFTP private key file cannot be read (${(err as NodeJS.ErrnoException).code})`);
    }
    let wrongHostKey: string | undefined;
    const generation = ++this.generation;
    // The library's own listeners would print to the console; a connection that ends or fails while idle is simply
    // forgotten, and the next call opens another.
    const forget = () => {
      if (this.generation === generation) this.current = undefined;
    };
    const client = new SftpClient("vans", { error: forget, end: forget, close: forget });
    try {
      const sftp = await client.connect({
        host,
        port,
        username,
        privateKey,
        hostVerifier: pinnedHostVerifier(hostKeySha256, (presented) => (wrongHostKey = presented)),
        readyTimeout: readyTimeoutMs ?? 10_000,
        // A provider that vanishes without closing the TCP connection is noticed within a minute.
        keepaliveInterval: 15_000,
        keepaliveCountMax: 3,
      });
      return { client, sftp };
    } catch (err) {
      await client.end().catch(() => undefined);
      if (wrongHostKey !== undefined)
        throw new VansUnreachable(
          `the SFTP host presented host key SHA256:${wrongHostKey}, not the configured one; refused`,
        );
      throw new VansUnreachable(`SFTP connect to ${host}:${port} failed: ${boundedReason(err)}`);
    }
  }
}

/** End a connection; one whose server is gone may never confirm, so this waits two seconds at most. */
async function endQuietly(connection: Promise<SftpConnection>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const ended = (await connection).client.end();
    await Promise.race([ended, new Promise((r) => (timer = setTimeout(r, 2_000).unref()))]);
  } catch {
    // never opened, or already gone: nothing to end
  } finally {
    clearTimeout(timer);
  }
}
