// /openapi.json: the OpenAPI 3.1 document, assembled from the route definitions (routes/) — the very schemas the
// routes check their parameters, queries and bodies with. Built once; pure.
import type { JsonSchema } from "../../util/json-schema.js";
import type { Access, RouteDef } from "../routes/define.js";
import { ROUTES } from "../routes/index.js";
import { asJson } from "../routes/mount.js";
import { COMPONENTS } from "../routes/shapes/components.js";

type Operation = RouteDef;

const SECURITY: Record<Access, Record<string, never[]>[]> = {
  none: [],
  "api-key": [{ apiKey: [] }, { clientCertificate: [] }],
  "admin-key": [{ apiKey: [] }, { clientCertificate: [] }],
  "admin-session": [{ adminSession: [] }],
  "metrics-token": [{ metricsToken: [] }],
};

function parameters(op: Operation): JsonSchema[] {
  const path = Object.entries(op.params ?? {}).map(([name, schema]) => ({
    name,
    in: "path",
    required: true,
    description: schema.description,
    schema: asJson(schema),
  }));
  const properties = (op.query?.properties ?? {}) as Record<string, JsonSchema>;
  const query = Object.entries(properties).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    ...(schema.description ? { description: schema.description } : {}),
    schema,
  }));
  return [...path, ...query];
}

function operationObject(op: Operation): JsonSchema {
  const params = parameters(op);
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string = "") => c.toUpperCase())}`,
    security: SECURITY[op.access],
    ...(op.access === "admin-key" ? { "x-roles": ["admin"] } : {}),
    ...(op.permission ? { "x-permission": op.permission.action.do } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(Object.entries(op.body).map(([media, schema]) => [media, { schema }])),
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.content
            ? { content: Object.fromEntries(Object.entries(r.content).map(([media, schema]) => [media, { schema }])) }
            : {}),
          ...(r.headers
            ? {
                headers: Object.fromEntries(
                  Object.entries(r.headers).map(([name, description]) => [
                    name,
                    { description, schema: { type: "string" } },
                  ]),
                ),
              }
            : {}),
        },
      ]),
    ),
  };
}

export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of ROUTES) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "medcom-gateway",
      version,
      summary:
        "Secure messaging gateway for Danish healthcare correspondence (MedCom CareCommunication 5.0, Acknowledgement 2.0)",
      description:
        "Journal systems submit letters as a compose request or a ready CareCommunication; the gateway validates, " +
        "stores and routes them by location number (GLN) and tracks MedCom acknowledgements. Every error is " +
        "application/problem+json with an `issues` array of { severity, code, rule?, path, message }.",
    },
    tags: [
      { name: "messages", description: "Submit and follow messages." },
      { name: "mailboxes", description: "The receiving side: fetch and acknowledge." },
      { name: "acknowledgements", description: "Ready MedCom Acknowledgements." },
      { name: "directory", description: "Locations by GLN." },
      { name: "admin", description: "Administration (role admin)." },
      { name: "console", description: "The administrators' web console." },
      { name: "operations", description: "Health, readiness, metrics and this description." },
    ],
    paths,
    components: {
      schemas: COMPONENTS,
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "Authorization: Bearer <apiKey> of a configured client.",
        },
        clientCertificate: {
          type: "mutualTLS",
          description: "A client certificate from TLS_CLIENT_CA matched to a client.",
        },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "Authorization: Bearer <METRICS_TOKEN> (issue 11, point 16).",
        },
        adminSession: {
          type: "apiKey",
          in: "cookie",
          name: "mg_admin_session",
          description: "From POST /admin/sign-in.",
        },
      },
    },
  };
}
