// JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) checked with Ajv, its issues in the gateway's vocabulary:
// every problem at once, each at its JSON pointer with a sentence a person can act on (CONTRACT.md §2). The request
// schemas are the single source for both the checks and the published API description (/openapi.json).
// A schema node may carry `x-issues: { <keyword>: { code, message } }` to name the rule its pattern, bound or list
// expresses; `{name}` in the message stands for the member's name.
import { Ajv2020, type ErrorObject, type SchemaObject, type ValidateFunction } from "ajv/dist/2020.js";
import { error, type Issue, type Result } from "./issues.js";

/** A JSON Schema (or part of one) as plain data: what Ajv compiles and /openapi.json publishes. */
export interface JsonSchema {
  [keyword: string]: unknown;
}

// Strict, so a misspelt keyword is a start-up error rather than a check silently not made; `required` may name a
// member defined beside it (the conditional requirements of `if`/`then`).
const OPTIONS = { allErrors: true, strict: true, strictRequired: false, verbose: true } as const;

function instance(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ ...OPTIONS, coerceTypes });
  ajv.addKeyword({ keyword: "x-issues", schemaType: "object" });
  return ajv;
}

const ajv = instance(false);
/** Query strings arrive as text: the same schemas, with numbers and booleans read from it. */
const coercing = instance(true);

interface NamedIssue {
  code: string;
  message: string;
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  object: "an object",
  array: "a list",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
};

const nameOf = (pointer: string) => {
  const last = pointer.split("/").at(-1) ?? "";
  return last === "" ? "the body" : /^\d+$/.test(last) ? `item ${last}` : last.replace(/~1/g, "/").replace(/~0/g, "~");
};

/** A key as a JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export const pointerToken = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");
const list = (values: readonly unknown[]) => values.map(String).join(", ");

function issueOf(e: ErrorObject): Issue {
  const { path, code, message } = genericIssueOf(e);
  const named = (e.parentSchema?.["x-issues"] as Record<string, NamedIssue> | undefined)?.[e.keyword];
  return named ? error(named.code, path, named.message.replace("{name}", nameOf(path))) : error(code, path, message);
}

function genericIssueOf(e: ErrorObject): NamedIssue & { path: string } {
  const params = e.params as Record<string, unknown>;
  const at = (code: string, message: string) => ({ path: e.instancePath, code, message });
  const name = nameOf(e.instancePath);
  switch (e.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      return {
        path: `${e.instancePath}/${pointerToken(missing)}`,
        code: "required",
        message: `${missing} is required.`,
      };
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return {
        path: `${e.instancePath}/${pointerToken(extra)}`,
        code: "unknown-key",
        message: `Unknown key "${extra}"; allowed: ${list(allowed)}.`,
      };
    }
    case "type":
      return at("type", `${name} must be ${TYPE_WORDS[String(params.type)] ?? String(params.type)}.`);
    case "enum":
      return at("value", `${name} must be one of ${list(params.allowedValues as unknown[])}.`);
    case "const":
      return at("value", `${name} must be ${String(params.allowedValue)}.`);
    case "minLength":
      return at("type", `${name} must be a non-empty string.`);
    case "maxLength":
      return at("too-long", `${name} is longer than ${String(params.limit)} characters.`);
    case "maxItems":
      return at("too-many", `${name} holds at most ${String(params.limit)} items.`);
    case "minItems":
      return at("too-few", `${name} needs at least ${String(params.limit)} items.`);
    case "minimum":
    case "maximum":
      return at("range", `${name} must be ${String(params.comparison)} ${String(params.limit)}.`);
    case "pattern":
      return at("pattern", `${name} does not have the expected form.`);
    default:
      return at(e.keyword, `${name} ${e.message ?? "is not valid"}.`);
  }
}

/** The issues of Ajv's errors, one per problem (a failed `if`/`anyOf` only reports its branches' own errors). */
function issuesOf(errors: readonly ErrorObject[] | null | undefined, base = ""): Issue[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== "if" && e.keyword !== "anyOf" && e.keyword !== "oneOf")
    .map(issueOf)
    .map((i) => ({ ...i, path: `${base}${i.path}` }));
}

/** An object schema that takes no member it does not name. */
export const objectSchema = (
  properties: Record<string, JsonSchema>,
  required: readonly string[] = [],
  extra: JsonSchema = {},
): JsonSchema => ({
  type: "object",
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
  ...extra,
});

export interface SchemaCheck<T> {
  readonly schema: JsonSchema;
  check(value: unknown): Result<T>;
}

function checker<T>(instance: Ajv2020, schema: JsonSchema, base: string): SchemaCheck<T> {
  const validate: ValidateFunction = instance.compile(schema as SchemaObject);
  return {
    schema,
    check(value) {
      return validate(value)
        ? { ok: true, value: value as T, issues: [] }
        : { ok: false, issues: issuesOf(validate.errors, base) };
    },
  };
}

/** A body (or other JSON) checked against its schema; paths are JSON pointers into it. */
export const bodyCheck = <T>(schema: JsonSchema): SchemaCheck<T> => checker<T>(ajv, schema, "");

/**
 * Query parameters (an object of strings) checked against an object schema, with numbers coerced; paths are the
 * parameter names. The value is a coerced copy.
 */
export function queryCheck<T>(schema: JsonSchema): SchemaCheck<T> {
  const inner = checker<T>(coercing, schema, "");
  return {
    schema,
    check(value) {
      const copy = structuredClone(value);
      const result = inner.check(copy);
      return result.ok
        ? result
        : { ok: false, issues: result.issues.map((i) => ({ ...i, path: i.path.replace(/^\//, "") })) };
    },
  };
}
