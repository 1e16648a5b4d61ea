// A location of the directory: who it is (GLN, SOR, name, kind), what it takes and how it is reached.
import type { Delivery, Format, LocationKind } from "../config/schema.js";

export interface Location {
  gln: string;
  sor: string;
  name: string;
  kind: LocationKind;
  municipality?: string;
  formats: readonly Format[];
  delivery: Delivery;
  /** Where the gateway knows it from (issue 16; shown to administrators, never to API clients). */
  origin?: LocationOrigin;
}

export type LocationOrigin = "config" | "import" | "default-route";
