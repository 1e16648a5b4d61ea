// The floor's HTTP process (issue 17, point 3): the least any gateway must do per letter, through the same HTTP hop —
// a bare Hono endpoint that parses the JSON body, builds XML from it with fast-xml-parser, writes the XML to Redis
// and adds an id-only BullMQ job (floor-worker.ts completes it). No checks, no encryption, no audit, no limits.
// Environment: PORT, REDIS_URL.
import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { Queue } from "bullmq";
import { XMLBuilder } from "fast-xml-parser";
import { Hono } from "hono";
import { Redis } from "ioredis";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue("floor", { connection: redis, prefix: "{floor}" });
const builder = new XMLBuilder({ ignoreAttributes: false });

const app = new Hono();
app.get("/readyz", (c) => c.json({ status: "ready" }));
app.post("/v1/messages", async (c) => {
  const letter: unknown = await c.req.json();
  const id = randomUUID();
  const xml = builder.build({ Bundle: { "@_xmlns": "http://hl7.org/fhir", id, letter } });
  await redis.set(`{floor}:msg:${id}`, xml);
  await queue.add("deliver", { messageId: id }, { removeOnComplete: true });
  return c.json({ id }, 202);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" });
process.once("SIGTERM", () => {
  server.close(() => {
    void queue.close().then(() => redis.quit().then(() => process.exit(0)));
  });
});
