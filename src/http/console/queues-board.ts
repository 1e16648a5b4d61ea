// @bull-board/hono at /admin/queues: BullMQ's own view of the queues, read-only, with job data and return values
// redacted (they hold only message ids, but the board is no place to read them; the console's message pages are).
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";

export const QUEUES_BASE_PATH = "/admin/queues";

const REDACTED = "[redacted]";

export function queuesBoard(queues: readonly Queue[]) {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(QUEUES_BASE_PATH);
  createBullBoard({
    queues: queues.map((queue) => {
      const adapter = new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false });
      adapter.setFormatter("data", () => REDACTED);
      adapter.setFormatter("returnValue", () => REDACTED);
      return adapter;
    }),
    serverAdapter,
    options: { uiConfig: { boardTitle: "MedCom gateway", hideDocsLink: true } },
  });
  return serverAdapter.registerPlugin();
}
