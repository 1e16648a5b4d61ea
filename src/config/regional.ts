// The regional rules' configuration (issue 13, "Regional rules"): two word lists in `policy`, each with an off switch.
//   policy.reportOfConcern — a report of concern about a child ("underretning", Barnets Lov § 133, formerly
//     Serviceloven § 153) is not a correspondence letter: a letter whose topic or category text names one is refused.
//   policy.acuteLetters — acute matters go by telephone: a letter whose topic or category text says so is sent, with a
//     warning to the sender to telephone, and counted.
// Both are on by default with the lists below. A word matches whole words, case-insensitively; a trailing * makes it
// a prefix ("underretning*" also finds "underretningen", "underretninger"); "§ 133" also finds "§133".
import { MAX_WORDS, wordProblem } from "../regional/word-match.js";

export interface WordRule {
  enabled: boolean;
  words: string[];
}

export interface RegionalPolicy {
  reportOfConcern: WordRule;
  acuteLetters: WordRule;
}

export const REGIONAL_POLICY_KEYS = [
  "reportOfConcern",
  "acuteLetters",
] as const satisfies readonly (keyof RegionalPolicy)[];

export const DEFAULT_REGIONAL_POLICY: RegionalPolicy = {
  reportOfConcern: {
    enabled: true,
    words: ["underretning*", "bekymringsunderretning*", "§ 133", "§ 153"],
  },
  acuteLetters: { enabled: true, words: ["akut", "akutte", "haster", "hastende"] },
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** The two rules from the `policy` object (undefined: the defaults); every problem is reported through `add`. */
export function parseRegionalPolicy(
  policy: Json | undefined,
  add: (path: string, message: string) => void,
): RegionalPolicy {
  const rule = (key: keyof RegionalPolicy): WordRule => {
    const fallback = DEFAULT_REGIONAL_POLICY[key];
    const value = policy?.[key];
    const path = `/policy/${key}`;
    if (value === undefined) return { enabled: fallback.enabled, words: [...fallback.words] };
    if (!isObject(value)) {
      add(path, `${key} must be an object { "enabled": true|false, "words": [...] }`);
      return { enabled: fallback.enabled, words: [...fallback.words] };
    }
    for (const k of Object.keys(value)) if (k !== "enabled" && k !== "words") add(`${path}/${k}`, `unknown key "${k}"`);
    const enabled = value.enabled ?? true;
    if (typeof enabled !== "boolean") add(`${path}/enabled`, "enabled must be true or false");
    const words = value.words === undefined ? [...fallback.words] : parseWords(value.words, `${path}/words`, add);
    if (enabled === true && words.length === 0)
      add(`${path}/words`, 'words must list at least one word while the rule is on (or set "enabled": false)');
    return { enabled: enabled === true, words };
  };
  return { reportOfConcern: rule("reportOfConcern"), acuteLetters: rule("acuteLetters") };
}

function parseWords(value: unknown, path: string, add: (path: string, message: string) => void): string[] {
  if (!Array.isArray(value)) {
    add(path, "words must be a list of strings");
    return [];
  }
  if (value.length > MAX_WORDS) add(path, `words may list at most ${MAX_WORDS} words`);
  const words: string[] = [];
  value.forEach((w, i) => {
    const problem = typeof w === "string" ? wordProblem(w.trim()) : "a word is a string";
    if (problem !== undefined) add(`${path}/${i}`, problem);
    else words.push((w as string).trim());
  });
  return words;
}
