// The issues of one directory file, bounded: a hostile or badly exported file can break a rule on every one of its
// lines, and 20,000 lines of issues would be a flood nobody reads and memory (and collector time) the gateway must not
// spend. The first MAX_ISSUES are kept; the rest are only counted, and reported as "and N more" (issue 16, point 3;
// the same bound as message validation, src/medcom/validate MAX_ISSUES).
import { error, warning, type Issue } from "../../util/issues.js";

export const MAX_ISSUES = 100;

/** The code of every issue about a directory file (the configuration's shape: severity, code, path, message). */
export const CODE = "directory-file";

export class FileIssues {
  private readonly kept: Issue[] = [];
  private dropped = 0;
  private errorCount = 0;

  error(path: string, message: string): void {
    this.errorCount++;
    this.keep(() => error(CODE, path, message));
  }

  warn(path: string, message: string): void {
    this.keep(() => warning(CODE, path, message));
  }

  /** Any error so far (counted, kept or not). */
  get failed(): boolean {
    return this.errorCount > 0;
  }

  /** The kept issues, then one "and N more" note when some were only counted. */
  list(): Issue[] {
    if (this.dropped === 0) return [...this.kept];
    const note: Issue = {
      severity: "information",
      code: "more-issues",
      path: "",
      message: `and ${this.dropped} more issue(s) not listed; correct these and import again.`,
    };
    return [...this.kept, note];
  }

  // The issue is built only when kept: beyond the bound nothing is allocated per issue.
  private keep(make: () => Issue): void {
    if (this.kept.length < MAX_ISSUES) this.kept.push(make());
    else this.dropped++;
  }
}
