import { codeCell } from "../review/markdown";
import { EnvironmentDiff } from "./envdiff";

/** The differences as Markdown: one table of changed attributes, then what only one side has. */
export function renderMarkdown(diff: EnvironmentDiff): string {
  const [a, b] = diff.environments;
  const lines = [`## Environments: ${a.label} and ${b.label}`, ""];
  lines.push(
    `Both synthesized as \`${diff.comparedAs}\` (really \`${a.name}\` and \`${b.name}\`), so names derived from the name and environment compare equal; what is listed below is what the environments' files change.`,
    "",
  );
  const count = diff.changed.reduce((n, e) => n + e.changes.length, 0);
  if (count === 0 && diff.onlyInFirst.length === 0 && diff.onlyInSecond.length === 0) {
    lines.push("**No differences.**", "");
    return lines.join("\n");
  }
  lines.push(
    `**${count} attribute${count === 1 ? "" : "s"} differ in ${diff.changed.length} block${diff.changed.length === 1 ? "" : "s"}; ${diff.onlyInFirst.length} only in ${a.label}; ${diff.onlyInSecond.length} only in ${b.label}.**`,
    "",
  );
  if (diff.changed.length > 0) {
    lines.push(`| address | attribute | ${a.label} | ${b.label} |`, "| --- | --- | --- | --- |");
    for (const entry of diff.changed) {
      for (const change of entry.changes) {
        const cell = (v: string | null) => (v === null ? "_(none)_" : codeCell(v));
        lines.push(`| \`${entry.address}\` | \`${change.path}\` | ${cell(change.old)} | ${cell(change.new)} |`);
      }
    }
    lines.push("");
  }
  for (const [label, entries] of [
    [a.label, diff.onlyInFirst],
    [b.label, diff.onlyInSecond],
  ] as const) {
    if (entries.length === 0) continue;
    lines.push(`Only in ${label}:`, "", ...entries.map((e) => `- \`${e.address}\``), "");
  }
  return lines.join("\n");
}
