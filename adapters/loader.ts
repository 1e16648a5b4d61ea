// The adapter for a location's delivery configuration (CONTRACT.md §1: mailbox | webhook | file-drop).
import type { Delivery as DeliveryConfig } from "../src/config/schema.js";
import type { Pkcs7Signer } from "../src/crypto/pkcs7.js";
import type { MailboxStore } from "../src/domain/ports/index.js";
import { fileDropAdapter } from "./file-drop.js";
import { mailboxAdapter } from "./mailbox.js";
import type { DeliveryAdapter } from "./types.js";
import { webhookAdapter } from "./webhook.js";

export interface AdapterDeps {
  mailboxes: MailboxStore;
  /** The gateway's signer, for webhook receivers that ask for PKCS#7 signatures. */
  pkcs7?: Pkcs7Signer;
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
      throw new Error("the VANS adapter is built on branch vans-out (issue 16)");
  }
}

/** One adapter per location, built once and reused (a webhook keeps its connection pool). */
export function adapterCache(deps: AdapterDeps): (gln: string, config: DeliveryConfig) => DeliveryAdapter {
  const cache = new Map<string, DeliveryAdapter>();
  return (gln, config) => {
    let adapter = cache.get(gln);
    if (!adapter) {
      adapter = loadAdapter(config, deps);
      cache.set(gln, adapter);
    }
    return adapter;
  };
}
