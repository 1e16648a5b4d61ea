// /v1/mailboxes/{gln}/messages: what the `mailbox` adapter delivered to a location (CONTRACT.md §2; routes/v1.ts).
import { Hono } from "hono";
import { acknowledgeReceived } from "../usecases/acknowledge/acknowledge-received.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { listMailbox, mailboxFhir } from "../usecases/read/mailbox.js";
import { isLegacyLocation, mailboxDocument, mailboxDocuments } from "../usecases/read/mailbox-documents.js";
import { documentResponse, streamedResponse, wantsFhir } from "./documents.js";
import { limitBody, parseJsonBody, readBody } from "./body.js";
import type { AppEnv } from "./env.js";
import { fhirMediaTypeWanted, fhirResponse } from "./negotiate.js";
import { V1_GUARDS } from "./routes/guards.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/v1.js";

const DEFAULT_LIMIT = 50;
const ACK_BODY_BYTES = 64 * 1024;

export function mailboxesApp(deps: UseCaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = router(app, "/v1/mailboxes", V1_GUARDS);

  on(routes.listMailbox, async (c, { params, query }) => {
    const { status = "new", limit = DEFAULT_LIMIT, cursor } = query;
    const page = await listMailbox(
      c.get("caller"),
      params.gln,
      { onlyNew: status === "new", limit, ...(cursor ? { cursor } : {}) },
      deps,
    );
    return c.json(page);
  });

  on(routes.mailboxMessage, async (c, { params }) => {
    const { gln, id } = params;
    // A legacy location gets its OIOXML unless it asks for FHIR by name (issue 15); FHIR clients are unchanged.
    if (!isLegacyLocation(gln, deps) || wantsFhir(c.req.header("Accept"))) {
      const out = await mailboxFhir(c.get("caller"), gln, id, fhirMediaTypeWanted(c), deps);
      // A letter with detached attachments streams (issue 17); every other letter is answered exactly as before.
      return out.document?.stream ? streamedResponse(c, out.document) : fhirResponse(c, out.bundle);
    }
    const { documents, labels } = await mailboxDocuments(c.get("caller"), gln, id, deps);
    const links = labels
      .slice(1)
      .map(
        (l) =>
          `</v1/mailboxes/${gln}/messages/${id}/documents/${l}>; rel="related"; type="application/xml"; title="${l}"`,
      );
    return documentResponse(c, documents[0], labels[0], links);
  });

  on(routes.mailboxDocument, async (c, { params }) => {
    const { gln, id, document } = params;
    return documentResponse(c, await mailboxDocument(c.get("caller"), gln, id, document, deps), document, []);
  });

  on(
    routes.acknowledgeReceived,
    async (c, { params }) => {
      const { bytes } = await readBody(c, ["json"], "Send the acknowledgement as application/json { code, issues? }.");
      const answer = await acknowledgeReceived(c.get("caller"), params.gln, params.id, parseJsonBody(bytes), deps);
      return c.json(answer.body, answer.status);
    },
    limitBody(ACK_BODY_BYTES),
  );

  return app;
}
