// Walking a resource along an element path of the rule tables (e.g. `Communication.category.coding.code`), keeping
// a FHIRPath location for every node reached so each issue says exactly where it is.

export interface Located {
  value: unknown;
  /** e.g. `Bundle.entry[3].resource.ofType(Communication).category[0].coding[0].code` */
  path: string;
}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** The children named `name` (or, for `x[x]`, every typed `x…` key) of each node. */
export function children(nodes: readonly Located[], name: string): Located[] {
  const out: Located[] = [];
  const choice = name.endsWith("[x]") ? name.slice(0, -3) : undefined;
  for (const node of nodes) {
    const value = node.value;
    if (!isObject(value)) continue;
    // No key array and no closure per node (issue 13: every rule of every profile selects through here).
    if (choice === undefined) located(out, node.path, name, value[name]);
    else for (const key of Object.keys(value)) if (isChoiceKey(key, choice)) located(out, node.path, key, value[key]);
  }
  return out;
}

/** Add the value(s) of `key` under `path`: each item of an array with its index. */
function located(out: Located[], path: string, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value))
    for (let i = 0; i < value.length; i++) out.push({ value: value[i], path: `${path}.${key}[${i}]` });
  else out.push({ value, path: `${path}.${key}` });
}

/** `valueString` for `value[x]`: the base, then an upper-case letter (FHIR R4 formats.html: choice elements). */
const isChoiceKey = (key: string, base: string): boolean => {
  if (key.length <= base.length || !key.startsWith(base)) return false;
  const c = key.charCodeAt(base.length);
  return c >= 0x41 && c <= 0x5a;
};

/** Nodes at `steps` below `root`. */
export function select(root: Located, steps: readonly string[]): Located[] {
  let nodes: Located[] = [root];
  for (const step of steps) nodes = children(nodes, step);
  return nodes;
}
