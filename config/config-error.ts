/**
 * The error every bad config ends in: which file, and every problem found, one line each as
 * `path: value is not what is allowed`, followed by the file and line that set the value when known.
 */
import { ConfigIssue } from "./schema-dsl";

/** A problem, with the file and line of the value it is about (the layer that last set it). */
export interface LocatedIssue extends ConfigIssue {
  /** The file that set the value. @default - the file the error is about */
  readonly file?: string;
  /** 1-based line in `file`. @default - unknown (a value left to its default, or the whole file) */
  readonly line?: number;
}

/** A config that cannot be used, with every problem found in it. */
export class ConfigError extends Error {
  /**
   * The problems. Each is `{ path, message }`; `file` and `line` are there to read but not
   * enumerable, so a problem compares, prints as JSON and spreads as it did before locations.
   */
  readonly issues: LocatedIssue[];

  constructor(
    readonly file: string,
    issues: LocatedIssue[],
  ) {
    super(`${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n${issues.map((i) => `  - ${i.path}: ${i.message}${where(file, i)}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues.map((i) => Object.defineProperties({ path: i.path, message: i.message }, { file: { value: i.file ?? file }, line: { value: i.line } }));
  }
}

/** ` (line 12)` in the file the error is about, ` (configs/envs/prod.yaml:12)` in another one. */
function where(errorFile: string, issue: LocatedIssue): string {
  if (issue.line === undefined) return issue.file !== undefined && issue.file !== errorFile ? ` (${issue.file})` : "";
  return issue.file === undefined || issue.file === errorFile ? ` (line ${issue.line})` : ` (${issue.file}:${issue.line})`;
}
