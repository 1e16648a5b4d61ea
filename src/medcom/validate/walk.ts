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
    if (!isObject(node.value)) continue;
    const keys = choice === undefined ? [name] : Object.keys(node.value).filter((k) => isChoiceKey(k, choice));
    for (const key of keys) {
      const value = node.value[key];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value))
        value.forEach((item: unknown, i) => out.push({ value: item, path: `${node.path}.${key}[${i}]` }));
      else out.push({ value, path: `${node.path}.${key}` });
    }
  }
  return out;
}

const isChoiceKey = (key: string, base: string): boolean =>
  key.length > base.length && key.startsWith(base) && /[A-Z]/.test(key.charAt(base.length));

/** Nodes at `steps` below `root`. */
export function select(root: Located, steps: readonly string[]): Located[] {
  let nodes: Located[] = [root];
  for (const step of steps) nodes = children(nodes, step);
  return nodes;
}

/** How many values the element `name` has on one node (a repeating element counts its items). */
export function count(node: Located, name: string): number {
  return children([node], name).length;
}
