// One definition per route (issue 14, point 3): method, path, parameters, query, request bodies, answers per status and
// media type, and who may call it. The sub-apps mount routes from these definitions (mount.ts derives the parameter
// and query checks and the access guard), and /openapi.json is assembled from the same objects (openapi/document.ts),
// so what is described is what is enforced.
import type { Static, TObject, TProperties, TSchema } from "@sinclair/typebox";
import type { Action } from "../../access/authorize.js";
import type { JsonSchema } from "../../util/json-schema.js";

/** Who may call a route: nobody in particular, a client's API key (or certificate), an administrator's key, a signed-in
 *  console session, or the bearer of METRICS_TOKEN. */
export type Access = "none" | "api-key" | "admin-key" | "admin-session" | "metrics-token";

export type Method = "get" | "post" | "put";

/** An action the caller must be allowed whatever the request holds, and how its refusal is named. */
export interface Permission {
  action: Extract<Action, { do: "search-directory" | "administer" }>;
  code: string;
  message: string;
}

/** One documented answer: its description, its body per media type, and its headers. */
export interface Reply {
  description: string;
  content?: Readonly<Record<string, JsonSchema>>;
  headers?: Readonly<Record<string, string>>;
}

export interface RouteDef<P extends TProperties = TProperties, Q extends TProperties = TProperties> {
  method: Method;
  /** The full path in OpenAPI form: `/v1/messages/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** A permission beyond the access rule that needs nothing of the request (its refusal: 403 with this issue). */
  permission?: Permission;
  /** Path parameters: each `{name}` of the path, with the schema its value must meet. */
  params?: P;
  /** Query parameters: an object schema that takes no member it does not name. */
  query?: TObject<Q>;
  /** Request bodies by media type. */
  body?: Readonly<Record<string, JsonSchema>>;
  responses: Readonly<Record<string, Reply>>;
  /** The query is read by the handler (a console page that shows the form again with the problems), not refused. */
  queryReadByHandler?: true;
  /** Served by a third party mounted at this path (the queue board): documented here, not mounted by mount.ts. */
  servedBy?: string;
}

/** A route definition, its parameter and query types kept for the handler. */
export const route = <P extends TProperties = Record<never, TSchema>, Q extends TProperties = Record<never, TSchema>>(
  def: RouteDef<P, Q>,
): RouteDef<P, Q> => def;

/** What a handler receives besides the context: the checked path parameters and query, typed from the definition. */
export interface RouteInput<P extends TProperties, Q extends TProperties> {
  params: Static<TObject<P>>;
  query: Static<TObject<Q>>;
}

/** `/v1/messages/{id}` as Hono writes it below a mount point: `/:id` under `/v1/messages`. */
export function honoPath(path: string, prefix: string): string {
  if (!path.startsWith(prefix)) throw new Error(`route ${path} is not below ${prefix}`);
  const rest = path.slice(prefix.length).replace(/\{(\w+)\}/g, ":$1");
  return rest === "" ? "/" : rest;
}

/** The parameter names a path template holds, in order. */
export const pathNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
