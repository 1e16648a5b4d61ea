// /v1/acknowledgements: a ready MedCom Acknowledgement from a receiving system that builds its own (CONTRACT.md §2).
import { Hono } from "hono";
import type { UseCaseDeps } from "../usecases/deps.js";
import { receiveAcknowledgement } from "../usecases/acknowledge/receive-acknowledgement.js";
import { limitBody, readBody } from "./body.js";
import type { AppEnv } from "./env.js";
import { fhirFormatOf } from "./negotiate.js";

export function acknowledgementsApp(deps: UseCaseDeps, maxBodyBytes: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/", limitBody(maxBodyBytes), async (c) => {
    const { type, bytes } = await readBody(
      c,
      ["fhir-xml", "fhir-json"],
      "Send the Acknowledgement as application/fhir+xml or application/fhir+json.",
    );
    const answer = await receiveAcknowledgement(c.get("caller"), bytes, fhirFormatOf(type), deps);
    return c.json(answer.body, answer.status);
  });
  return app;
}
