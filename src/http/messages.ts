// /v1/messages: submit, read a record, read the content (CONTRACT.md §2).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { fail } from "../errors.js";
import { readJson } from "../medcom/json.js";
import { GatewayError } from "../errors.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { readContent, readMessage } from "../usecases/read-message.js";
import { submitMessage, type Submission } from "../usecases/submit-message.js";
import type { AppEnv } from "./env.js";
import { bodyTypeOf, fhirResponse } from "./negotiate.js";

// Idempotency keys: printable ASCII, as the IETF Idempotency-Key draft's examples; long enough for a UUID or a hash.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function messagesApp(deps: UseCaseDeps, maxBodyBytes: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(
    "/",
    // The limit is checked on Content-Length before anything is read, and while streaming otherwise.
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () =>
        fail(
          "too-large",
          "body-too-large",
          "",
          `The body is larger than ${maxBodyBytes} bytes (GATEWAY_MAX_BODY_BYTES).`,
        ),
    }),
    async (c) => {
      const type = bodyTypeOf(c.req.header("Content-Type"));
      if (!type) {
        fail(
          "unsupported-media-type",
          "media-type",
          "Content-Type",
          "Send a compose request as application/json, or a Bundle as application/fhir+xml or application/fhir+json.",
        );
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const idempotencyKey = c.req.header("Idempotency-Key");
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
        fail(
          "malformed",
          "idempotency-key",
          "Idempotency-Key",
          "Idempotency-Key must be 1–200 printable ASCII characters.",
        );
      let submission: Submission;
      if (type === "compose") {
        const body = readJson(bytes);
        if (!body.ok) throw new GatewayError("malformed", body.issues);
        submission = { type, body: body.value, ...(idempotencyKey ? { idempotencyKey } : {}) };
      } else submission = { type: "bundle", bytes, format: type };
      const answer = await submitMessage(c.get("caller"), submission, deps);
      return c.json(answer.body, answer.status, { Location: answer.body.links.self });
    },
  );

  app.get("/:id", async (c) => c.json(await readMessage(c.get("caller"), c.req.param("id"), deps)));

  app.get("/:id/content", async (c) => fhirResponse(c, await readContent(c.get("caller"), c.req.param("id"), deps)));

  return app;
}
