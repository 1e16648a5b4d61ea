// The adapter for a location's delivery configuration (CONTRACT.md §1: mailbox | webhook | file-drop | vans), and the
// gateway's one VANS transport for its network configuration (issue 16).
import type { Delivery as DeliveryConfig, VansNetworkConfig } from "../src/config/schema.js";
import type { Pkcs7Signer } from "../src/crypto/pkcs7.js";
import type { MailboxStore } from "../src/domain/ports/index.js";
import { fileDropAdapter } from "./file-drop.js";
import { mailboxAdapter } from "./mailbox.js";
import { folderTransport } from "./vans/folder-transport.js";
import { sftpTransport } from "./vans/sftp-transport.js";
import type { VansTransport } from "./vans/transport.js";
import { vansAdapter, type VansAdapterDeps } from "./vans/vans-adapter.js";
import type { DeliveryAdapter } from "./types.js";
import { webhookAdapter } from "./webhook.js";

export interface AdapterDeps {
  mailboxes: MailboxStore;
  /** The gateway's signer, for webhook receivers that ask for PKCS#7 signatures. */
  pkcs7?: Pkcs7Signer;
  /** The VANS connection (built once by vansTransportFor) and the record of envelopes sent, shared by every remote
   *  location; absent without network.vans (the configuration then has no location with adapter "vans"). */
  vans?: VansAdapterDeps;
}

/** The one VANS transport of the gateway (every remote location and the inbox share it). */
export function vansTransportFor(config: VansNetworkConfig): VansTransport {
  switch (config.transport) {
    case "folders":
      return folderTransport({ outbox: config.outbox, inbox: config.inbox });
    case "sftp": {
      const { host, port, username, privateKeyFile, hostKeySha256, outbox, inbox } = config;
      return sftpTransport({ host, port, username, privateKeyFile, hostKeySha256, outbox, inbox });
    }
  }
}

function loadAdapter(config: DeliveryConfig, deps: AdapterDeps): DeliveryAdapter {
  switch (config.adapter) {
    case "mailbox":
      return mailboxAdapter(deps.mailboxes);
    case "webhook":
      return webhookAdapter(config, Date.now, deps.pkcs7);
    case "file-drop":
      return fileDropAdapter(config.dir);
    case "vans":
      // The configuration refuses a vans location without network.vans, so this is a wiring bug, not input.
      if (!deps.vans) throw new Error('a location with adapter "vans" needs network.vans');
      return vansAdapter(deps.vans);
  }
}

/** One adapter per location, built once and reused (a webhook keeps its connection pool). Every remote location
 *  shares one VANS adapter: the default route may reach thousands of GLNs, and the adapter holds nothing per GLN. */
export function adapterCache(deps: AdapterDeps): (gln: string, config: DeliveryConfig) => DeliveryAdapter {
  const cache = new Map<string, DeliveryAdapter>();
  let vans: DeliveryAdapter | undefined;
  return (gln, config) => {
    if (config.adapter === "vans") return (vans ??= loadAdapter(config, deps));
    let adapter = cache.get(gln);
    if (!adapter) {
      adapter = loadAdapter(config, deps);
      cache.set(gln, adapter);
    }
    return adapter;
  };
}
