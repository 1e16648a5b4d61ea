// A CSV directory export: a header row names the columns (any order, case-insensitive: gln, sor, name, kind,
// municipality, formats, network), then one location per line (issue 16, point 3).
import type { DirectoryEntry } from "../../domain/ports/directory-store.js";
import { readCsv } from "./csv.js";
import { FIELDS, REQUIRED_FIELDS, shown, toEntry, type Field } from "./entry.js";
import type { FileIssues } from "./issues.js";

export function readCsvEntries(
  text: string,
  issues: FileIssues,
  onEntry: (entry: DirectoryEntry, line: number) => void,
): void {
  let columns: Field[] | undefined;
  let headerBroken = false;
  const index = new Map<Field, number>();
  readCsv(text, issues, (record) => {
    if (headerBroken) return;
    if (columns === undefined) {
      columns = header(record.fields, record.line, issues);
      headerBroken = columns === undefined;
      columns?.forEach((field, i) => index.set(field, i));
      return;
    }
    const header_ = columns;
    if (record.fields.length !== header_.length) {
      issues.error(
        `line ${record.line}`,
        `the line has ${record.fields.length} column(s), the header ${header_.length}`,
      );
      return;
    }
    const entry = toEntry(
      {
        line: record.line,
        get: (field) => {
          const i = index.get(field);
          return i === undefined ? undefined : record.fields[i];
        },
        where: (field) => `line ${record.line}, column ${(index.get(field) ?? -1) + 1} (${field})`,
      },
      issues,
    );
    if (entry) onEntry(entry, record.line);
  });
}

/** The header's columns in order; undefined (and the reasons reported) when it is not usable. */
function header(names: string[], line: number, issues: FileIssues): Field[] | undefined {
  const columns: Field[] = [];
  let ok = true;
  names.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const where = `line ${line}, column ${i + 1}`;
    if (!(FIELDS as readonly string[]).includes(name)) {
      ok = false;
      issues.error(where, `unknown column ${shown(raw)} (the columns are ${FIELDS.join(", ")})`);
    } else if (columns.includes(name as Field)) {
      ok = false;
      issues.error(where, `the column ${name} is named twice`);
    } else columns.push(name as Field);
  });
  for (const field of REQUIRED_FIELDS)
    if (!columns.includes(field)) {
      ok = false;
      issues.error(`line ${line}`, `the header has no column ${field}`);
    }
  return ok ? columns : undefined;
}
