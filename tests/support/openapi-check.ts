// Every answer the test suite receives from a gateway is held to /openapi.json (issue 14, point 3): its status must be
// documented for the route, its media type documented for that status, and a JSON body must meet the documented
// schema. A route the document does not know may only answer with a problem (404 for an unknown path, or what the
// middleware before any route gives: 401, 408, 413, 429, 503). Hooked into tests/support/gateway.ts `send`.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { openApiDocument } from "../../src/http/openapi/document.js";

interface Reply {
  content?: Record<string, { schema: object }>;
}
interface Operation {
  responses: Record<string, Reply>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

const doc = openApiDocument("test") as unknown as Doc;

// Not strict: the document's schemas carry OpenAPI's and the gateway's own keywords (examples, x-issues).
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)));

const routes = Object.entries(doc.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    template,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
    operation,
  })),
);

/** The board's own pages and JSON below its documented entry are @bull-board's, not described here. */
const THIRD_PARTY = /^\/admin\/queues\//;
/** Answers of what runs before routing: authentication and its throttle for /v1, the body gate, unknown paths. */
const UNROUTED = new Set([401, 404, 408, 413, 429, 503]);
/** The body gate's answers, which any route taking a body may give before its handler runs (app.ts, body-reader.ts). */
const BODY_GATE = new Set([408, 413, 503]);

// Each schema compiled once, with the document's components beside it so `#/components/schemas/…` resolves.
const compiled = new Map<object, ValidateFunction>();
function validatorOf(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: doc.components });
    compiled.set(schema, validate);
  }
  return validate;
}

const PROBLEM: Reply = {
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};
const JSON_TYPES = new Set(["application/json", "application/problem+json"]);

/** What is wrong with an answer, by the document; undefined when nothing is. */
export async function openApiMismatch(method: string, url: string, response: Response): Promise<string | undefined> {
  const path = new URL(url, "http://gateway").pathname;
  const upper = method.toUpperCase();
  if (upper === "HEAD" || upper === "OPTIONS" || THIRD_PARTY.test(path)) return undefined;
  const what = `${upper} ${path} → ${response.status}`;
  const route = routes.find((r) => r.method === upper && r.pattern.test(path));
  // A console page asked for in another language first redirects to itself without `?lang=` (any console path).
  if (response.status === 303 && path.startsWith("/admin") && new URL(url, "http://gateway").searchParams.has("lang"))
    return undefined;
  let reply: Reply | undefined = route?.operation.responses[String(response.status)];
  if (!reply && (route ? BODY_GATE : UNROUTED).has(response.status)) reply = PROBLEM;
  if (!reply) return `${what}: status not documented for ${route ? `${upper} ${route.template}` : "an unknown route"}`;
  const media = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const text = await response.text();
  if (!reply.content) return undefined;
  const documented = reply.content[media];
  if (!documented) {
    if (text === "" && media === "") return undefined;
    return `${what}: media type "${media}" not documented (${Object.keys(reply.content).join(", ")})`;
  }
  if (!JSON_TYPES.has(media)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${what}: ${media} body is not JSON`;
  }
  const validate = validatorOf(documented.schema);
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
  return `${what}: body does not meet the documented schema: ${errors.join("; ")}`;
}

/** Throws when the answer does not meet the document (the response itself is left unread for the test). */
export async function assertDocumented(method: string, url: string, response: Response): Promise<void> {
  const mismatch = await openApiMismatch(method, url, response.clone());
  if (mismatch) throw new Error(`answer not as /openapi.json documents it: ${mismatch}`);
}
