// /v1/messages: submit, read a record, read the content (CONTRACT.md §2; routes/v1.ts defines the routes).
import { Hono } from "hono";
import { fail } from "../errors.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { readContentOut, readMessage } from "../usecases/read/read-message.js";
import { blobIdsOf, discardBlobs } from "../usecases/steps/detached-blobs.js";
import { submitMessage, type Submission } from "../usecases/submit/submit-message.js";
import { submitOioxml } from "../usecases/legacy/submit-oioxml.js";
import { answeringUnreadable, isOioxmlBody } from "./oioxml.js";
import { limitBody, parseJsonBody, readBody } from "./body.js";
import type { AppEnv } from "./env.js";
import { fhirFormatOf, fhirMediaTypeWanted, fhirResponse } from "./negotiate.js";
import { streamedResponse } from "./documents.js";
import { router } from "./routes/mount.js";
import { V1_GUARDS } from "./routes/guards.js";
import * as routes from "./routes/v1.js";

// Idempotency keys: printable ASCII, as the IETF Idempotency-Key draft's examples; long enough for a UUID or a hash.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function messagesApp(deps: UseCaseDeps, maxBodyBytes: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = router(app, "/v1/messages", V1_GUARDS);

  on(
    routes.submitMessage,
    async (c) => {
      const { type, bytes, sizeBytes, detached } = await readBody(
        c,
        ["json", "fhir-xml", "fhir-json"],
        "Send a compose request as application/json, a Bundle as application/fhir+xml or application/fhir+json, or an OIOXML letter (XDIS91, XBIN01) as application/xml.",
        deps.blobs,
      );
      if (type === "fhir-xml" && isOioxmlBody(c.req.header("Content-Type"), bytes))
        return answeringUnreadable(c, deps, async () => {
          const outcome = await submitOioxml(c.get("caller"), bytes, deps);
          if (outcome.outcome === "refused") throw outcome.error;
          const { answer } = outcome;
          return "links" in answer.body
            ? c.json(answer.body, answer.status, { Location: answer.body.links.self })
            : c.json(answer.body, answer.status);
        });
      const idempotencyKey = c.req.header("Idempotency-Key");
      let submission: Submission;
      try {
        if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
          fail(
            "malformed",
            "idempotency-key",
            "Idempotency-Key",
            "Idempotency-Key must be 1–200 printable ASCII characters.",
          );
        const found = detached ? { detached } : {};
        submission =
          type === "json"
            ? { type: "compose", body: parseJsonBody(bytes), ...(idempotencyKey ? { idempotencyKey } : {}), ...found }
            : { type: "bundle", bytes, sizeBytes, format: fhirFormatOf(type), ...found };
      } catch (err) {
        // Refused before the use case: the blobs the body's attachments went to are nobody's (issue 17).
        await discardBlobs(blobIdsOf(detached), deps);
        throw err;
      }
      const answer = await submitMessage(c.get("caller"), submission, deps);
      return c.json(answer.body, answer.status, { Location: answer.body.links.self });
    },
    limitBody(maxBodyBytes),
  );

  on(routes.readMessage, async (c, { params }) => c.json(await readMessage(c.get("caller"), params.id, deps)));

  on(routes.readContent, async (c, { params }) => {
    const out = await readContentOut(c.get("caller"), params.id, fhirMediaTypeWanted(c), deps);
    // A letter with detached attachments streams (issue 17); every other letter is answered exactly as before.
    return out.document?.stream ? streamedResponse(c, out.document) : fhirResponse(c, out.bundle);
  });

  return app;
}
