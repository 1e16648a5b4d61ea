// The words a location is described by (CONTRACT.md §1): its kind and the formats its system accepts. Kept in the
// domain so the configuration, the imported directory (its port) and the routing all name the same ones.

export const LOCATION_KINDS = ["gp", "ppr", "child-psychiatry", "municipality", "hospital", "other"] as const;
/** The gateway's formats: FHIR XML or JSON (CareCommunication 5.0), or MedCom's legacy XDIS91 (issue 15). */
export const FORMATS = ["application/fhir+xml", "application/fhir+json", "xdis91"] as const;

export type LocationKind = (typeof LOCATION_KINDS)[number];
export type Format = (typeof FORMATS)[number];
