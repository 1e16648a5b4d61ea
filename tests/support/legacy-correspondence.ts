// A letter's OIOXML correspondence written straight into the gateway's store, as the way in (issue 15 plan, D1) keeps
// it for a received XDIS91 (+ XBIN01): the egress tests start from a letter that came that way.
import type { LegacyCorrespondence } from "../../src/domain/ports/legacy-ids.js";
import { keysFor } from "../../src/store/keys.js";
import { createLegacyIds } from "../../src/store/legacy-ids.js";
import { rawRedis, type TestGateway } from "./gateway.js";

export async function rememberCorrespondence(
  gateway: Pick<TestGateway, "redisUrl" | "prefix">,
  correspondence: LegacyCorrespondence,
): Promise<void> {
  const redis = rawRedis(gateway.redisUrl);
  try {
    await createLegacyIds(redis, keysFor(gateway.prefix)).remember(correspondence);
  } finally {
    redis.disconnect();
  }
}
