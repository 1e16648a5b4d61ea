// /v1/acknowledgements: a ready MedCom Acknowledgement from a receiving system that builds its own (CONTRACT.md §2;
// routes/v1.ts).
import { Hono } from "hono";
import type { UseCaseDeps } from "../usecases/deps.js";
import { receiveAcknowledgement } from "../usecases/acknowledge/receive-acknowledgement.js";
import { receiveXctlBytes } from "../usecases/legacy/receive-xctl.js";
import { limitBody, readBody } from "./body.js";
import { answeringUnreadable, isOioxmlBody } from "./oioxml.js";
import type { AppEnv } from "./env.js";
import { fhirFormatOf } from "./negotiate.js";
import { V1_GUARDS } from "./routes/guards.js";
import { router } from "./routes/mount.js";
import * as routes from "./routes/v1.js";

export function acknowledgementsApp(deps: UseCaseDeps, maxBodyBytes: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = router(app, "/v1/acknowledgements", V1_GUARDS);
  on(
    routes.receiveAcknowledgement,
    async (c) => {
      const { type, bytes } = await readBody(
        c,
        ["fhir-xml", "fhir-json"],
        "Send the Acknowledgement as application/fhir+xml or application/fhir+json, or an OIOXML receipt (XCTL) as application/xml.",
      );
      if (type === "fhir-xml" && isOioxmlBody(c.req.header("Content-Type"), bytes))
        return answeringUnreadable(c, deps, async () => {
          const answer = await receiveXctlBytes(c.get("caller"), bytes, deps);
          return c.json(answer.body, answer.status);
        });
      const answer = await receiveAcknowledgement(c.get("caller"), bytes, fhirFormatOf(type), deps);
      return c.json(answer.body, answer.status);
    },
    limitBody(maxBodyBytes),
  );
  return app;
}
