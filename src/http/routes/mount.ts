// Mounting a route from its definition: the Hono path below the sub-app's prefix, then, before the handler, the
// access guard of the route's rule, the path parameters and the query checked against their schemas (400 with a
// problem naming the parameter and the rule; nothing reaches a use case, a Redis key or a log otherwise).
import type { TProperties, TSchema } from "@sinclair/typebox";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { authorize } from "../../access/authorize.js";
import { fail, GatewayError } from "../../errors.js";
import { isValidGln } from "../../medcom/identifiers.js";
import { error, type Issue } from "../../util/issues.js";
import { objectSchema, queryCheck, type JsonSchema, type SchemaCheck } from "../../util/json-schema.js";
import type { AppEnv } from "../env.js";
import { honoPath, pathNames, type Access, type RouteDef, type RouteInput } from "./define.js";
import { GLN } from "./shapes/params.js";

/** TypeBox schemas are JSON Schema objects (their TypeBox marks are symbols, which Ajv and JSON never see). */
export const asJson = (schema: TSchema): JsonSchema => schema;

/** What a pattern cannot say about a parameter, checked after it: a GLN's GS1 check digit. */
const PARAM_RULES = new Map<TSchema, (name: string, value: string) => Issue | undefined>([
  [
    GLN,
    (name, value) =>
      isValidGln(value)
        ? undefined
        : error("gln", name, `${name} must be a 13-digit GLN (lokationsnummer) with a valid GS1 check digit.`),
  ],
]);

/** The check of a route's path parameters: each must meet its schema, and the rules beyond the schema. */
function paramsCheck(def: RouteDef<TProperties, TProperties>): SchemaCheck<Record<string, string>> {
  const params: TProperties = def.params ?? {};
  const names = pathNames(def.path);
  const declared = Object.keys(params);
  if (names.join() !== declared.join())
    throw new Error(`${def.method} ${def.path}: parameters ${declared.join()} do not match the path`);
  const schemas = Object.fromEntries(Object.entries(params).map(([name, schema]) => [name, asJson(schema)]));
  const check = queryCheck<Record<string, string>>(objectSchema(schemas, names));
  // A path without parameters has nothing to check: Hono's params are `{}` there, and Ajv with the copy queryCheck
  // makes cost ~3 µs a request for nothing (issue 17, point 3: most /v1 requests are POST /v1/messages).
  if (names.length === 0) return { schema: check.schema, check: () => ({ ok: true, value: {}, issues: [] }) };
  return {
    schema: check.schema,
    check(value) {
      const result = check.check(value);
      if (!result.ok) return result;
      const issues = Object.entries(params).flatMap(([name, schema]) => {
        const issue = PARAM_RULES.get(schema)?.(name, String(result.value[name]));
        return issue ? [issue] : [];
      });
      return issues.length === 0 ? result : { ok: false, issues };
    },
  };
}

/** The check of a route's query, or none. */
export const queryCheckOf = <Q extends TProperties>(
  def: RouteDef<TProperties, Q>,
): SchemaCheck<RouteInput<TProperties, Q>["query"]> | undefined =>
  def.query ? queryCheck(asJson(def.query)) : undefined;

/** The middleware that lets through only callers the route's access rule admits. */
export type Guards<E extends AppEnv> = Readonly<Partial<Record<Access, MiddlewareHandler<E>>>>;

export type Handler<E extends AppEnv, P extends TProperties, Q extends TProperties> = (
  c: Context<E>,
  input: RouteInput<P, Q>,
) => Response | Promise<Response>;

/**
 * A sub-app's way to mount its routes: `on(definition, handler, ...middleware)`. The guard of the definition's access
 * rule runs first (a sub-app without a guard for a rule its routes name fails at start-up), then the route's
 * permission, if it names one, then the parameter and query checks, then the route's own middleware (a body limit),
 * then the handler with the checked, typed input.
 */
export function router<E extends AppEnv>(app: Hono<E>, prefix: string, guards: Guards<E>) {
  return <P extends TProperties, Q extends TProperties>(
    def: RouteDef<P, Q>,
    handler: Handler<E, P, Q>,
    ...before: MiddlewareHandler<E>[]
  ): void => {
    const guard = guards[def.access];
    if (def.access !== "none" && !guard) throw new Error(`${def.method} ${def.path}: no guard for ${def.access}`);
    const params = paramsCheck(def as unknown as RouteDef<TProperties, TProperties>);
    const query = def.queryReadByHandler ? undefined : queryCheckOf(def as unknown as RouteDef<TProperties, Q>);
    const { permission } = def;
    const checks: MiddlewareHandler<E> = async (c, next) => {
      if (permission && !authorize(c.get("caller"), permission.action))
        fail("forbidden", permission.code, "Authorization", permission.message);
      const p = params.check(c.req.param());
      // Every problem at once: a wrong parameter and a wrong query member are both named.
      const q = query?.check(c.req.query());
      const issues = [...p.issues, ...(q && !q.ok ? q.issues : [])];
      if (!p.ok || (q && !q.ok)) throw new GatewayError("malformed", issues);
      c.set("routeInput", { params: p.value ?? {}, query: q?.value ?? {} });
      await next();
    };
    // The checks above made these values of the definition's types.
    const run: MiddlewareHandler<E> = async (c) => handler(c, c.get("routeInput"));
    const chain = [...(guard ? [guard] : []), checks, ...before, run];
    app.on(def.method.toUpperCase(), [honoPath(def.path, prefix)], ...chain);
  };
}
