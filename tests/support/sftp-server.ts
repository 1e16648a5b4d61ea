// A real SFTP server for the VANS SFTP transport's tests: Debian's OpenSSH sshd (`apt-get install openssh-server`;
// .ci/run does) as a child on a free port of 127.0.0.1, with its own host key, the test's client key in its own
// authorized_keys and the internal SFTP server, all in a temp dir. It serves the local file system as the user running
// the tests (root in CI, anyone on a developer's machine), so a test puts files in the "provider's" inbox and reads its
// outbox directly.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort, removeDir } from "./redis.js";

const SSHD = "/usr/sbin/sshd";

export interface TestSftpServer {
  host: string;
  port: number;
  username: string;
  /** The client's private key file (its public half is authorized). */
  privateKeyFile: string;
  /** The server's host key fingerprint as the configuration pins it (`ssh-keygen -l -E sha256`, no prefix). */
  hostKeySha256: string;
  /** Another key's fingerprint: what a wrong pin looks like. */
  otherHostKeySha256: string;
  /** A scratch folder (mode 0700) for the test's outbox and inbox. */
  dir: string;
  /** Stop the listener and every session it started: the provider is down. */
  stop(): Promise<void>;
  /** Start again on the same port with the same keys. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

function keygen(file: string): string {
  const made = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "vans-test", "-f", file]);
  if (made.status !== 0) throw new Error(`ssh-keygen failed: ${String(made.stderr)}`);
  const printed = spawnSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${file}.pub`], { encoding: "utf8" });
  const fingerprint = /SHA256:([\w+/]+)/u.exec(printed.stdout)?.[1];
  if (!fingerprint) throw new Error(`ssh-keygen -l printed no fingerprint: ${printed.stdout}`);
  return fingerprint;
}

export async function startSftpServer(): Promise<TestSftpServer> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install openssh-server (.ci/run does)`);
  const root = mkdtempSync(join(tmpdir(), "mg-sftp-"));
  const hostKeySha256 = keygen(join(root, "host_key"));
  const otherHostKeySha256 = keygen(join(root, "other_host_key"));
  keygen(join(root, "client_key"));
  writeFileSync(join(root, "authorized_keys"), readFileSync(join(root, "client_key.pub")));
  const dir = join(root, "files");
  mkdirSync(dir, { mode: 0o700 });
  const username = userInfo().username;
  const port = await freePort();
  writeFileSync(
    join(root, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(root, "host_key")}`,
      "PidFile none",
      `AuthorizedKeysFile ${join(root, "authorized_keys")}`,
      // The temp dir's modes are the test's business, not sshd's.
      "StrictModes no",
      "UsePAM no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      "PermitRootLogin prohibit-password",
      `AllowUsers ${username}`,
      "Subsystem sftp internal-sftp",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  // As root, sshd wants its privilege separation folder (made by systemd's tmpfiles on a booted system, not here).
  if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755, recursive: true });

  let child: ChildProcess | undefined;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    if (running()) return;
    // An absolute path: sshd re-executes itself for each connection.
    const started = spawn(SSHD, ["-D", "-e", "-f", join(root, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
    child = started;
    await listening(started, port);
  };
  const stop = async () => {
    const current = child;
    if (!current || !running()) return;
    const sessions = descendants(current.pid ?? -1);
    const exited = new Promise((r) => current.once("exit", r));
    current.kill("SIGTERM");
    for (const pid of sessions) killQuietly(pid);
    await exited;
  };
  await start();
  return {
    host: "127.0.0.1",
    port,
    username,
    privateKeyFile: join(root, "client_key"),
    hostKeySha256,
    otherHostKeySha256,
    dir,
    start,
    stop,
    async remove() {
      await stop();
      removeDir(root);
    },
  };
}

/** Wait until sshd says it listens (its log goes to stderr with -e), or fail with what it said. */
function listening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = "";
    const timer = setTimeout(() => reject(new Error(`sshd did not listen on ${port}: ${said}`)), 10_000);
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stderr?.removeAllListeners("data");
      child.stderr?.resume(); // keep draining: a full pipe would block sshd
      if (err) reject(err);
      else resolve();
    };
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      said += chunk;
      if (said.includes(`port ${port}`)) done();
    });
    child.once("exit", (code) => done(new Error(`sshd exited (${code}): ${said}`)));
    // With LogLevel ERROR sshd does not announce itself: a TCP probe tells instead.
    void probe(port).then((up) => (up ? done() : undefined));
  });
}

async function probe(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Every process below `pid` (sshd's per-connection children), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Field 4 (ppid) follows the command name in parentheses, which may itself hold spaces or parentheses.
      const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(after[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parents)
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // already gone
  }
}
