// The regional rules for this correspondence (issue 13, "Regional rules"; the collaboration agreements), compiled once
// from the configuration: which configured word, if any, a letter's free-text labels carry. Pure: what happens then
// (a refusal, a warning, a count) is the use case's (src/usecases/regional-rules.ts).
import { DEFAULT_REGIONAL_POLICY, type RegionalPolicy } from "../config/regional.js";
import { compileWords, type WordMatcher } from "./word-match.js";

export type RegionalRule = "report-of-concern" | "acute-letter";

export interface RegionalRules {
  /** Undefined when the rule is off. */
  reportOfConcern?: WordMatcher;
  acuteLetters?: WordMatcher;
}

export function compileRegionalRules(policy: RegionalPolicy = DEFAULT_REGIONAL_POLICY): RegionalRules {
  return {
    ...(policy.reportOfConcern.enabled ? { reportOfConcern: compileWords(policy.reportOfConcern.words) } : {}),
    ...(policy.acuteLetters.enabled ? { acuteLetters: compileWords(policy.acuteLetters.words) } : {}),
  };
}

export const DEFAULT_REGIONAL_RULES: RegionalRules = compileRegionalRules();

/** A free-text label of a letter (its topic, a category's text) and where it is in the caller's input. */
export interface LetterField {
  text: string;
  path: string;
}

export interface RegionalFinding {
  rule: RegionalRule;
  /** The configured word that matched: configuration, never the letter's own text. */
  word: string;
  path: string;
}

/** The first field each rule that is on finds a configured word in. */
export function regionalFindings(fields: readonly LetterField[], rules: RegionalRules): RegionalFinding[] {
  const findings: RegionalFinding[] = [];
  const find = (rule: RegionalRule, matcher: WordMatcher | undefined) => {
    if (!matcher) return;
    for (const field of fields) {
      const word = matcher.firstMatch(field.text);
      if (word !== undefined) return void findings.push({ rule, word, path: field.path });
    }
  };
  find("report-of-concern", rules.reportOfConcern);
  find("acute-letter", rules.acuteLetters);
  return findings;
}
