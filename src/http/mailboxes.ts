// /v1/mailboxes/{gln}/messages: what the `mailbox` adapter delivered to a location (CONTRACT.md §2).
import { Hono } from "hono";
import { acknowledgeReceived } from "../usecases/acknowledge/acknowledge-received.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { listMailbox, mailboxMessage } from "../usecases/read/mailbox.js";
import { limitBody, parseJsonBody, readBody } from "./body.js";
import type { AppEnv } from "./env.js";
import { fhirResponse } from "./negotiate.js";
import { validParams } from "./params.js";
import { validQuery } from "./query.js";
import { mailboxQuery } from "./schemas/queries.js";

const DEFAULT_LIMIT = 50;
const ACK_BODY_BYTES = 64 * 1024;

export function mailboxesApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/:gln/messages", validParams, async (c) => {
    const { status = "new", limit = DEFAULT_LIMIT, cursor } = validQuery(c, mailboxQuery);
    const page = await listMailbox(
      c.get("caller"),
      c.req.param("gln"),
      { onlyNew: status === "new", limit, ...(cursor ? { cursor } : {}) },
      deps,
    );
    return c.json(page);
  });

  app.get("/:gln/messages/:id", validParams, async (c) =>
    fhirResponse(c, await mailboxMessage(c.get("caller"), c.req.param("gln"), c.req.param("id"), deps)),
  );

  app.post("/:gln/messages/:id/acknowledgement", validParams, limitBody(ACK_BODY_BYTES), async (c) => {
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
