// The demo registry (config/gateway.json) and its API keys are published in the README, so anyone can use them.
// A production gateway (NODE_ENV=production) refuses a configuration marked `"demo": true` and any client whose key
// is one of these, even in a copy of the file with the marker taken out (issue 11, point 9).

/** The demo clients' API keys, exactly as the README and the tests print them. */
const PUBLISHED_DEMO_KEYS = [
  "demo-ppr-gribskov-key",
  "demo-ppr-halsnaes-key",
  "demo-gp-helsinge-key",
  "demo-gp-gilleleje-key",
  "demo-gp-frederiksvaerk-key",
  "demo-bup-hilleroed-key",
  "demo-social-gribskov-key",
  "demo-ops-admin-key",
] as const;

/** Is `keyHash` (SHA-256 hex) the hash of a published demo key? */
export const isPublishedDemoKey = (keyHash: string, hash: (key: string) => string): boolean =>
  PUBLISHED_DEMO_KEYS.some((key) => hash(key) === keyHash);

export const DEMO_REFUSED =
  "this is the demo configuration (its API keys, the admin's included, are published in the README): refused " +
  "when NODE_ENV=production. Give your own configuration in GATEWAY_CONFIG, with apiKeySha256 of keys of your own.";

export const DEMO_KEY_REFUSED =
  "this client's API key is a published demo key (README): refused when NODE_ENV=production";
