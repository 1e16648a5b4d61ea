import { describe, expect, test } from "vitest";
import { segmentsOf } from "../../../src/medcom/readers/index.js";
import { conversation } from "../../support/build.js";
import { readExampleBundle } from "../../support/messages.js";

describe("segmentsOf", () => {
  test("reads the official forward: five segments with their organisations, authors and the PDF", () => {
    const segments = segmentsOf(readExampleBundle("cc5-04-forward.xml"));
    expect(segments.map((s) => s.kind)).toEqual(["text", "text", "attachment", "text", "text"]);
    expect(segments[0]).toMatchObject({
      id: "urn:uuid:24d01288-ad36-4af2-96a8-fd1432dadee1",
      date: "2024-05-01T12:00:00+02:00",
      organization: { gln: "5790000209354", sor: "265161000016000" },
      author: { name: "Michael Burns", role: "Sygeplejerske", phone: "38683868" },
    });
    expect(segments[2]?.attachment?.title).toBe("Blodprøveresultater");
    expect(segments[2]?.attachment?.data?.length).toBeGreaterThan(1000);
  });

  test("in a built reply the earlier attachments have neither data nor url, the new text its author", () => {
    const { replyWithAttachments } = conversation();
    const segments = segmentsOf(replyWithAttachments);
    const attachments = segments.filter((s) => s.kind === "attachment");
    expect(attachments).toHaveLength(2);
    for (const a of attachments) expect([a.attachment?.data, a.attachment?.url]).toEqual([undefined, undefined]);
    expect(segments.at(-1)).toMatchObject({ kind: "text", author: { name: "Jens Lund", phone: "38683868" } });
  });
});
