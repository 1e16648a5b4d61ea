// What every configuration check writes to: all issues together (never the first alone), each named by JSON pointer.
import { error, warning, type Issue } from "../util/issues.js";
import type { ConfigOptions } from "./types.js";

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export class Collector {
  readonly issues: Issue[] = [];
  constructor(readonly options: ConfigOptions = {}) {}
  add(path: string, message: string): void {
    this.issues.push(error("config", path, message));
  }
  warn(path: string, message: string): void {
    this.issues.push(warning("config", path, message));
  }
  keys(value: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.add(`${path}/${key}`, `unknown key "${key}"`);
  }
  text(value: Json, key: string, path: string, required = true): string | undefined {
    const v = value[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string" || v.trim() === "") {
      this.add(`${path}/${key}`, `${key} must be a non-empty string`);
      return undefined;
    }
    return v;
  }
  list(value: Json, key: string, path: string): unknown[] {
    const v = value[key];
    if (!Array.isArray(v)) {
      this.add(`${path}/${key}`, `${key} must be a list`);
      return [];
    }
    return v;
  }
}
