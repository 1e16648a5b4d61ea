// A plausible exported directory (issue 16, point 3): 20,000 locations by default — every Danish municipality with a
// clearly named location per service ("Gribskov Kommune – PPR"), hospital departments, child psychiatry, and GP
// clinics for the rest — with valid GS1 check digits, unique GLNs, names with commas, quotes and Danish letters, and
// formats as SOR-EDI and EER name them. Deterministic (seeded), so a failing test names a reproducible file.
import type { LocationConfig } from "../../src/config/types.js";
import type { DirectoryEntry } from "../../src/domain/ports/directory-store.js";

export interface GeneratedLocation {
  entry: DirectoryEntry;
  /** The formats as the file writes them (SOR-EDI codes, EER URIs, companions such as XCTL01). */
  tokens: string[];
}

export const MUNICIPALITIES = [
  "Albertslund",
  "Allerød",
  "Assens",
  "Ballerup",
  "Billund",
  "Bornholm",
  "Brøndby",
  "Brønderslev",
  "Dragør",
  "Egedal",
  "Esbjerg",
  "Fanø",
  "Favrskov",
  "Faxe",
  "Fredensborg",
  "Fredericia",
  "Frederiksberg",
  "Frederikshavn",
  "Frederikssund",
  "Furesø",
  "Faaborg-Midtfyn",
  "Gentofte",
  "Gladsaxe",
  "Glostrup",
  "Greve",
  "Gribskov",
  "Guldborgsund",
  "Haderslev",
  "Halsnæs",
  "Hedensted",
  "Helsingør",
  "Herlev",
  "Herning",
  "Hillerød",
  "Hjørring",
  "Holbæk",
  "Holstebro",
  "Horsens",
  "Hvidovre",
  "Høje-Taastrup",
  "Hørsholm",
  "Ikast-Brande",
  "Ishøj",
  "Jammerbugt",
  "Kalundborg",
  "Kerteminde",
  "Kolding",
  "København",
  "Køge",
  "Langeland",
  "Lejre",
  "Lemvig",
  "Lolland",
  "Lyngby-Taarbæk",
  "Læsø",
  "Mariagerfjord",
  "Middelfart",
  "Morsø",
  "Norddjurs",
  "Nordfyns",
  "Nyborg",
  "Næstved",
  "Odder",
  "Odense",
  "Odsherred",
  "Randers",
  "Rebild",
  "Ringkøbing-Skjern",
  "Ringsted",
  "Roskilde",
  "Rudersdal",
  "Rødovre",
  "Samsø",
  "Silkeborg",
  "Skanderborg",
  "Skive",
  "Slagelse",
  "Solrød",
  "Sorø",
  "Stevns",
  "Struer",
  "Svendborg",
  "Syddjurs",
  "Sønderborg",
  "Thisted",
  "Tønder",
  "Tårnby",
  "Vallensbæk",
  "Varde",
  "Vejen",
  "Vejle",
  "Vesthimmerland",
  "Viborg",
  "Vordingborg",
  "Ærø",
  "Aabenraa",
  "Aalborg",
  "Aarhus",
];

/** Each municipality's services, each its own plainly named location. */
export const SERVICES: readonly { name: string; kind: DirectoryEntry["kind"] }[] = [
  { name: "PPR", kind: "ppr" },
  { name: "Hjemmeplejen", kind: "municipality" },
  { name: "Sundhedsplejen", kind: "municipality" },
  { name: "Visitationen", kind: "municipality" },
  { name: "Socialpsykiatrien", kind: "municipality" },
  { name: "Jobcenter", kind: "municipality" },
  { name: "Børne- og Familieafdelingen", kind: "municipality" },
  { name: "Træning og Rehabilitering", kind: "municipality" },
];

const STREETS = ["Østergade", "Vestergade", "Nørregade", "Søndergade", "Algade", "Torvet", "Stationsvej", "Skolevej"];
const FAMILIES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Møller"];
const HOSPITALS = ["Rigshospitalet", "Herlev Hospital", "Aarhus Universitetshospital", "Odense Universitetshospital"];
const DEPARTMENTS = ["Kardiologisk Afdeling", "Medicinsk Afdeling", "Ortopædkirurgi", "Akutafdelingen", "Neurologi"];

const FHIR = ["FDIS91 5.0", "FCTL 2.0"];
const OIOXML = ["XDIS91 XD9134L", "XBIN01 XB0131X", "XCTL01 XC0130Q", "XCTL02 XC0230Q", "XCTL03 XC0330Q"];
const EER = [
  "urn:dk:healthcare:medcom:messaging:fhir:structuredefinition::carecommunication-message##urn:dk:medcom:fhir:carecommunication-message::5.0",
];

/** GS1 check digit appended to twelve digits (DOMAIN.md §6.1). */
export function withCheckDigit(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (twelve.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDirectory(count = 20_000, seed = 16): GeneratedLocation[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const out: GeneratedLocation[] = [];
  const add = (name: string, kind: DirectoryEntry["kind"], municipality: string | undefined, tokens: string[]) => {
    const i = out.length;
    const formats: DirectoryEntry["formats"] = tokens.some((t) => t.startsWith("XDIS91"))
      ? ["xdis91"]
      : ["application/fhir+xml"];
    const entry: DirectoryEntry = {
      gln: withCheckDigit(`579${String(100_000_000 + i * 7).padStart(9, "0")}`),
      sor: `${100_000 + i}1000016009`,
      name,
      kind,
      ...(municipality !== undefined ? { municipality } : {}),
      formats,
      network: "vans",
    };
    out.push({ entry, tokens });
  };
  const formats = (): string[] => {
    const r = rnd();
    return r < 0.8 ? FHIR : r < 0.93 ? OIOXML : EER;
  };
  for (const m of MUNICIPALITIES)
    for (const s of SERVICES) if (out.length < count) add(`${m} Kommune – ${s.name}`, s.kind, m, formats());
  while (out.length < count) {
    const m = pick(MUNICIPALITIES);
    const r = rnd();
    const n = out.length;
    if (r < 0.08) add(`${pick(HOSPITALS)}, ${pick(DEPARTMENTS)} ${n}`, "hospital", undefined, formats());
    else if (r < 0.1) add(`Børne- og Ungdomspsykiatrien ${m} ${n}`, "child-psychiatry", undefined, formats());
    else if (r < 0.14) add(`Tandklinikken "${pick(STREETS)}" ${m} ${n}`, "other", m, formats());
    else if (r < 0.5) add(`Lægerne ${pick(STREETS)} ${n % 97}, ${m}`, "gp", m, formats());
    else add(`Læge ${pick(FAMILIES)} ${n}, ${m}`, "gp", m, formats());
  }
  return out;
}

const COLUMNS = ["gln", "sor", "name", "kind", "municipality", "formats", "network"] as const;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The locations as a CSV export (header row, `;`-separated formats, CRLF as RFC 4180 has it). */
export function directoryCsv(locations: readonly GeneratedLocation[]): string {
  const rows = locations.map(({ entry, tokens }) =>
    [entry.gln, entry.sor, entry.name, entry.kind, entry.municipality ?? "", tokens.join(";"), entry.network]
      .map(csvField)
      .join(","),
  );
  return `${[COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}

/** The locations as JSON lines. */
export function directoryJsonLines(locations: readonly GeneratedLocation[]): string {
  return locations
    .map(({ entry, tokens }) => JSON.stringify({ ...entry, formats: tokens }))
    .map((l) => `${l}\n`)
    .join("");
}

/** As the live directory holds them: remote locations reached through VANS. */
export function asLocations(locations: readonly GeneratedLocation[]): LocationConfig[] {
  return locations.map(({ entry }) => {
    const { network: _network, ...rest } = entry;
    return { ...rest, delivery: { adapter: "vans" } };
  });
}
