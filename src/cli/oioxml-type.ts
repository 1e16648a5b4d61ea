// The type a `validate` report gives an OIOXML document the reader refused: MedCom's type number, known from the
// element after the Envelope (LEGACY.md §2–§4), so "INVALID XDIS91" says what the file was meant to be. A label only:
// found by plain substring search (no regex, no parse) in the first 64 KB; "unknown" when none is there.
export type OioxmlType = "XDIS91" | "XBIN01" | "XCTL01" | "XCTL02" | "XCTL03";

const ELEMENTS: readonly [string, OioxmlType][] = [
  ["<ClinicalEmail", "XDIS91"],
  ["<BinaryLetter", "XBIN01"],
  ["<NegativeVansReceipt", "XCTL01"],
  ["<NegativeReceipt", "XCTL02"],
  ["<PositiveReceipt", "XCTL03"],
];

export function oioxmlTypeGuess(bytes: Uint8Array): OioxmlType | "unknown" {
  const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString("latin1");
  let best: { at: number; type: OioxmlType } | undefined;
  for (const [element, type] of ELEMENTS) {
    const at = head.indexOf(element);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, type };
  }
  return best?.type ?? "unknown";
}
