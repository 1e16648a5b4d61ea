// Issue 13: comments, CDATA sections and processing instructions in a narrative that an HTML viewer ends earlier than
// XML does (so the rest would be markup to it) are refused; those that end in the same place are accepted. The e2e
// test (tests/e2e/narrative-markup.test.ts) shows each refused one running script in Chromium.
import { describe, expect, test } from "vitest";
import { narrativeProblems } from "../../../src/medcom/validate/narrative-checks.js";
import { acceptedMarkupNarratives, refusedJsonNarratives } from "../../../test-fixtures/hostile/text.js";

describe("markup that XML and HTML end in different places", () => {
  test.each(refusedJsonNarratives)("refused: %s", (_name, div) => {
    expect(narrativeProblems(div).problems.map((p) => p.code)).toEqual(["narrative-markup"]);
  });

  test.each(acceptedMarkupNarratives)("accepted: %s", (_name, div) => {
    expect(narrativeProblems(div).problems).toEqual([]);
  });
});
