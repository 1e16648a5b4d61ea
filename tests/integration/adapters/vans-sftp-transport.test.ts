// The VANS transport over SFTP against a real OpenSSH sshd (tests/support/sftp-server.ts): the shared transport
// contract, then what only SFTP has: the pinned host key, the provider going away and coming back.
import { mkdir, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sftpTransport, type SftpTransportSettings } from "../../../adapters/vans/sftp-transport.js";
import { VansUnreachable } from "../../../adapters/vans/transport.js";
import { vansTransportContract } from "../../support/contracts/vans-transport.js";
import { freePort, removeDir } from "../../support/redis.js";
import { startSftpServer, type TestSftpServer } from "../../support/sftp-server.js";

let server: TestSftpServer;
beforeAll(async () => {
  server = await startSftpServer();
});
afterAll(async () => {
  await server.remove();
});

/** A fresh outbox and inbox on the server, and the settings that reach them. */
async function folders(): Promise<{ settings: SftpTransportSettings; outbox: string; inbox: string; root: string }> {
  const root = join(server.dir, randomUUID());
  const outbox = join(root, "out");
  const inbox = join(root, "in");
  await mkdir(outbox, { recursive: true });
  await mkdir(inbox, { recursive: true });
  const { host, port, username, privateKeyFile, hostKeySha256 } = server;
  return { settings: { host, port, username, privateKeyFile, hostKeySha256, outbox, inbox }, outbox, inbox, root };
}

vansTransportContract("sftp", async () => {
  const { settings, outbox, inbox, root } = await folders();
  return { transport: sftpTransport(settings), outbox, inbox, done: () => Promise.resolve(removeDir(root)) };
});

describe("VANS SFTP transport: the provider's host and availability", () => {
  it("refuses a host whose key is not the pinned one, before anything is sent", async () => {
    const { settings, outbox, root } = await folders();
    const transport = sftpTransport({ ...settings, hostKeySha256: server.otherHostKeySha256 });
    try {
      const put = transport.put("e.xml", Buffer.from("<VANSEnvelope/>"));
      await expect(put).rejects.toBeInstanceOf(VansUnreachable);
      await expect(put).rejects.toThrow(/host key SHA256:\S+, not the configured one/u);
      await expect(transport.list()).rejects.toBeInstanceOf(VansUnreachable);
      expect(await readdir(outbox)).toEqual([]);
    } finally {
      await transport.close();
      removeDir(root);
    }
  });

  it("accepts the pin written as ssh-keygen prints it (SHA256: prefix) or with base64 padding", async () => {
    const { settings, root } = await folders();
    for (const pin of [`SHA256:${server.hostKeySha256}`, `${server.hostKeySha256}=`]) {
      const transport = sftpTransport({ ...settings, hostKeySha256: pin });
      try {
        expect(await transport.list()).toEqual([]);
      } finally {
        await transport.close();
      }
    }
    removeDir(root);
  });

  it("nobody listening, a key the server does not know, a key file that cannot be read: VansUnreachable", async () => {
    const { settings, root } = await folders();
    const nobody = sftpTransport({ ...settings, port: await freePort() });
    const noKey = sftpTransport({ ...settings, privateKeyFile: join(root, "missing-key") });
    // A valid private key that is not in the server's authorized_keys (the server's other, unused host key).
    const unknownKey = sftpTransport({
      ...settings,
      privateKeyFile: join(dirname(server.privateKeyFile), "other_host_key"),
    });
    try {
      await expect(nobody.put("e.xml", Buffer.from("x"))).rejects.toBeInstanceOf(VansUnreachable);
      await expect(noKey.list()).rejects.toThrow(/private key file cannot be read \(ENOENT\)/u);
      await expect(unknownKey.list()).rejects.toThrow(/authentication/iu);
      await expect(unknownKey.list()).rejects.toBeInstanceOf(VansUnreachable);
    } finally {
      for (const t of [nobody, noKey, unknownKey]) await t.close();
      removeDir(root);
    }
  });

  it("the server goes down: VansUnreachable; it comes back: the same transport connects again", async () => {
    const { settings, outbox, root } = await folders();
    const transport = sftpTransport(settings);
    try {
      await transport.put("before.xml", Buffer.from("<VANSEnvelope/>"));
      await server.stop();
      await expect(transport.put("during.xml", Buffer.from("<VANSEnvelope/>"))).rejects.toBeInstanceOf(VansUnreachable);
      await expect(transport.list()).rejects.toBeInstanceOf(VansUnreachable);
      await server.start();
      await transport.put("after.xml", Buffer.from("<VANSEnvelope/>"));
      expect((await readdir(outbox)).sort()).toEqual(["after.xml", "before.xml"]);
    } finally {
      await server.start().catch(() => undefined);
      await transport.close();
      removeDir(root);
    }
  });
});
