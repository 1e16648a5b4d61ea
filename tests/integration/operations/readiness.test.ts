// /readyz: ready only with Redis reachable, the queues running and the keys loaded; a 503 names the failing part.
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { rawRedis, gatewayForFile } from "../../support/gateway.js";

const gateway = gatewayForFile();

const readyz = async () => {
  const response = await gateway.request("GET", "/readyz");
  return {
    status: response.status,
    body: (await response.json()) as { failing?: string; checks: Record<string, string> },
  };
};

describe("/readyz", () => {
  it("is ready with every part ok, and names a paused queue when it is not", async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: expect.objectContaining({
        checks: { shutdown: "ok", redis: "ok", "queue:delivery": "ok", "queue:ack-deadline": "ok", keys: "ok" },
      }) as unknown,
    });
    const connection = rawRedis(gateway.redisUrl);
    const queue = new Queue("delivery", { connection, prefix: gateway.prefix });
    await queue.pause();
    const paused = await readyz();
    expect(paused.status).toBe(503);
    expect(paused.body).toMatchObject({ failing: "queue:delivery", checks: { "queue:delivery": "paused" } });
    await queue.resume();
    expect((await readyz()).status).toBe(200);
    await queue.close();
    connection.disconnect();
  });
});
