// The shape of the derived cardinality trees (schemas/*.json `cardinality`, schemas/fhir-r4/*-cardinality.json),
// declared once: scripts/derive/cardinality.ts writes them, cardinality.ts reads them, rules.ts names them.

/** A slice discriminator as the validator applies it: a fixed/pattern value at a path, or a type (profiling.html §Slicing). */
export type Match =
  { kind: "value"; path: string[]; values: unknown[] } | { kind: "type"; path: string[]; types: string[] };

/** One element of the tree. Only what constrains a message is kept: min ≥ 1, a max tighter than R4's, slices. */
export interface CardNode {
  /** Element name as in the snapshot (`destination`, `content[x]`). */
  name: string;
  /** The element id, with slice names (`MessageHeader.destination:primary.receiver`): named in every issue. */
  id: string;
  /** Omitted when 0, or when the element's slices already require as many (the count would only repeat them). */
  min?: number;
  /** Omitted when no tighter than R4's base (arrays vs single values are the JSON syntax check's concern). */
  max?: string;
  /** R4 data type(s) whose base rules apply to the values (the snapshot does not expand them). */
  types?: string[];
  children?: CardNode[];
  slices?: SliceNode[];
}

export interface SliceNode extends CardNode {
  /** How an item is recognised as a member of this slice (every discriminator must match). */
  match: Match[];
}
