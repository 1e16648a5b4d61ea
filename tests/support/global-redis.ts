// Vitest global setup for the integration project: one redis-server for the whole run (or REDIS_URL when set).
// Tests share it safely because each gateway they start has its own key prefix.
import type { TestProject } from "vitest/node";
import { startRedisServer, type TestRedis } from "./redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let redis: TestRedis | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.REDIS_URL) {
    project.provide("redisUrl", process.env.REDIS_URL);
    return;
  }
  redis = await startRedisServer();
  project.provide("redisUrl", redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.remove();
}
