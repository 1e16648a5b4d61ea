// Where the XML detacher is in a FHIR document (issue 17): the open elements, each with its FHIRPath-like path named
// as the validator names it (xml-to-json.ts: `Bundle.entry[2].resource.ofType(Communication).payload[0]`, a repeating
// element indexed by the count of its siblings so far) and its FHIR type, from the same element tables the reader
// uses. The type says which `data` is an Attachment's: only that one is ever detached. Names are local names (a
// namespace prefix is dropped); an element the tables do not know has no type, and nothing inside it is detached.
import {
  childTypeInfo,
  isAttributeElement,
  isPrimitive,
  resolveElement,
  typeInfo,
  type TypeInfo,
} from "../fhir/elements.js";
import { shownPath } from "../fhir/xml-findings.js";
import { MAX_DEPTH } from "../xml.js";
import { DetachRefusal } from "./detacher.js";

interface Frame {
  path: string;
  /** The element's FHIR type, when known and complex. */
  info: TypeInfo | undefined;
  /** A `resource` wrapper: its one child element is a resource. */
  wrapper: boolean;
  /** Children seen so far by name, for the index of a repeating one. */
  counts: Map<string, number> | undefined;
}

export class XmlElementPath {
  private readonly frames: Frame[] = [];

  get depth(): number {
    return this.frames.length;
  }

  /** The innermost open element's path ("" outside the root). */
  current(): string {
    return shownPath(this.frames.at(-1)?.path ?? "");
  }

  /** A start tag; true when the element is an Attachment's `data`. */
  open(name: string): boolean {
    const colon = name.lastIndexOf(":");
    const local = colon === -1 ? name : name.slice(colon + 1);
    const parent = this.frames.at(-1);
    if (this.frames.length >= MAX_DEPTH)
      throw new DetachRefusal(
        400,
        "xml-too-deep",
        shownPath(parent?.path ?? local),
        `Elements nest deeper than ${MAX_DEPTH} levels.`,
      );
    const frame = parent === undefined ? root(local) : child(parent, local);
    this.frames.push(frame);
    return local === "data" && parent?.info?.key === "Attachment";
  }

  /** An end tag, or the end of an empty-element tag. */
  close(): void {
    this.frames.pop();
  }
}

function root(local: string): Frame {
  const info = typeInfo(local);
  return { path: local, info: info?.isResource ? info : undefined, wrapper: false, counts: undefined };
}

function child(parent: Frame, local: string): Frame {
  if (parent.wrapper) {
    const info = typeInfo(local);
    return {
      path: `${parent.path}.ofType(${local})`,
      info: info?.isResource ? info : undefined,
      wrapper: false,
      counts: undefined,
    };
  }
  const info = parent.info;
  const resolved = info && !isAttributeElement(info, local) ? resolveElement(info, local) : undefined;
  if (info === undefined || resolved === undefined)
    return { path: `${parent.path}.${local}`, info: undefined, wrapper: false, counts: undefined };
  const { element, type } = resolved;
  let path = `${parent.path}.${local}`;
  if (element.repeats) {
    const counts = (parent.counts ??= new Map<string, number>());
    const index = counts.get(local) ?? 0;
    counts.set(local, index + 1);
    path += `[${index}]`;
  }
  if (type === "Resource") return { path, info: undefined, wrapper: true, counts: undefined };
  return {
    path,
    info: isPrimitive(type) ? undefined : childTypeInfo(info, element, type),
    wrapper: false,
    counts: undefined,
  };
}
