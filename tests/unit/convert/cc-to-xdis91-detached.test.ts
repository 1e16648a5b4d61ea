// A CareCommunication whose attachment is detached (issue 17) → XDIS91 + XBIN01: the size comes from the facts the
// caller gives (the blob's size), the XBIN01 object keeps the token for the writer to expand; without the size the
// conversion says so instead of guessing one from the token's text.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { careCommunicationToXdis91 } from "../../../src/medcom/convert/cc-to-xdis91.js";
import { detachedToken } from "../../../src/medcom/detached.js";
import { IDS, communicationOf, letterOf } from "./to-legacy-support.js";

describe("a detached attachment", () => {
  const bundle = letterOf("new-with-attachments.json");
  const pdf = communicationOf(bundle).payload?.find((p) => p.contentAttachment?.data !== undefined);
  const token = detachedToken(randomUUID());
  if (pdf?.contentAttachment) pdf.contentAttachment.data = token;

  test("its size from the given facts; the XBIN01 object holds the token", () => {
    const result = careCommunicationToXdis91(bundle, IDS, new Map([[token, { size: 104_857_600 }]]));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.letter.references[0]).toMatchObject({ bin: { originalSize: 104_857_600 } });
    expect(result.value.binary?.objects).toEqual([
      expect.objectContaining({ originalSize: 104_857_600, base64: token }),
    ]);
  });

  test("without its size: refused with what is missing", () => {
    for (const sizes of [undefined, new Map([[detachedToken(randomUUID()), { size: 5 }]])]) {
      const result = careCommunicationToXdis91(bundle, IDS, sizes);
      expect(result.ok).toBe(false);
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: "legacy-attachment",
          message: expect.stringMatching(/stored apart/) as unknown,
        }),
      ]);
    }
  });
});
