// /v1/mailboxes/{gln}/messages: what the `mailbox` adapter delivered to a location (CONTRACT.md §2).
import { Hono } from "hono";
import { fail } from "../errors.js";
import { acknowledgeReceived } from "../usecases/acknowledge-received.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { listMailbox, mailboxMessage } from "../usecases/mailbox.js";
import { limitBody, parseJsonBody, readBody } from "./body.js";
import type { AppEnv } from "./env.js";
import { fhirResponse } from "./negotiate.js";

const DEFAULT_LIMIT = 50;
const ACK_BODY_BYTES = 64 * 1024;
const MAX_LIMIT = 500;

export function mailboxesApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/:gln/messages", async (c) => {
    const status = c.req.query("status") ?? "new";
    if (status !== "new" && status !== "all") fail("malformed", "query", "status", "status must be new or all.");
    const limitText = c.req.query("limit");
    const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      fail("malformed", "query", "limit", `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
    const cursor = c.req.query("cursor");
    if (cursor !== undefined && !/^\d+\.[\w-]{1,64}$/.test(cursor))
      fail("malformed", "query", "cursor", "cursor must be the `next` value of the page before.");
    const page = await listMailbox(
      c.get("caller"),
      c.req.param("gln"),
      { onlyNew: status === "new", limit, ...(cursor ? { cursor } : {}) },
      deps,
    );
    return c.json(page);
  });

  app.get("/:gln/messages/:id", async (c) =>
    fhirResponse(c, await mailboxMessage(c.get("caller"), c.req.param("gln"), c.req.param("id"), deps)),
  );

  app.post("/:gln/messages/:id/acknowledgement", limitBody(ACK_BODY_BYTES), async (c) => {
    const { bytes } = await readBody(c, ["json"], "Send the acknowledgement as application/json { code, issues? }.");
    const answer = await acknowledgeReceived(
      c.get("caller"),
      c.req.param("gln"),
      c.req.param("id"),
      parseJsonBody(bytes),
      deps,
    );
    return c.json(answer.body, answer.status);
  });

  return app;
}
