import { EntryRef } from "./diff";
import { Report, ReportChange } from "./report";

/** Longest value shown in a table cell before it is shortened with `…`. */
export const MAX_VALUE_LENGTH = 80;
/** Attribute rows shown per changed resource before the rest are summarised. */
export const MAX_ROWS_PER_RESOURCE = 25;

export function shorten(text: string, max = MAX_VALUE_LENGTH): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** A table cell holding code: single line, pipes escaped, shortened. */
export function codeCell(text: string): string {
  const flat = shorten(text.replace(/\r?\n/g, " ")).replace(/`/g, "'").replace(/\|/g, "\\|");
  return `\`${flat}\``;
}

function valueCell(v: string | null): string {
  return v === null ? "_(none)_" : codeCell(v);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function summaryLine(r: Report): string {
  const s = r.summary;
  const main = `**${s.add} to add, ${s.change} to change, ${s.replace} to replace, ${s.destroy} to destroy, ${s.move} to move**`;
  const extra: string[] = [];
  if (s.newRevisions > 0) extra.push(`${plural(s.newRevisions, "new task definition revision")} included in changes`);
  if (s.other > 0) extra.push(`${plural(s.other, "other change")} to outputs/data/providers`);
  return extra.length > 0 ? `${main} (${extra.join("; ")})` : main;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const ACTION_TEXT: Record<ReportChange["action"], string> = {
  update: "update in place",
  replace: "**replace**",
  "new-revision": "new revision",
};

function changeRows(changes: ReportChange[]): string[][] {
  const rows: string[][] = [];
  for (const c of changes) {
    const notes = [c.note, c.movedFrom ? `moved from ${codeCell(c.movedFrom)}` : undefined].filter(Boolean);
    const what = notes.length > 0 ? `${ACTION_TEXT[c.action]} (${notes.join("; ")})` : ACTION_TEXT[c.action];
    c.changes.slice(0, MAX_ROWS_PER_RESOURCE).forEach((a) => {
      rows.push([codeCell(c.address), what, codeCell(a.path), `${valueCell(a.old)} → ${valueCell(a.new)}`]);
    });
    if (c.changes.length > MAX_ROWS_PER_RESOURCE) {
      rows.push([codeCell(c.address), what, `_… ${c.changes.length - MAX_ROWS_PER_RESOURCE} more_`, ""]);
    }
  }
  return rows;
}

function entryRows(entries: EntryRef[]): string[][] {
  return entries.map((e) => [codeCell(e.address), codeCell(e.type)]);
}

/** Render the report as GitHub-flavoured Markdown for a pull-request comment. */
export function renderMarkdown(r: Report, title = "Infrastructure review"): string {
  const out: string[] = [`## ${title}`, "", summaryLine(r), ""];
  const isResource = (e: { kind: string }): boolean => e.kind === "resource";
  const section = (heading: string, lines: string[]): void => {
    out.push(`### ${heading}`, "", ...lines, "");
  };

  const replaced = r.replacements.filter((x) => x.effect === "replace");
  if (replaced.length > 0) {
    section("⚠ Replacements", [
      "These attributes force Terraform to destroy and re-create the resource:",
      "",
      ...table(
        ["Resource", "Attribute", "Old → New", "Why"],
        replaced.map((x) => [codeCell(x.address), codeCell(x.path), `${valueCell(x.old)} → ${valueCell(x.new)}`, x.note]),
      ),
    ]);
  }
  const revisions = r.changed.filter((c) => c.action === "new-revision");
  if (revisions.length > 0) {
    section(
      "New revisions",
      table(
        ["Resource", "Changed attributes", "Effect"],
        revisions.map((c) => [
          codeCell(c.address),
          c.changes.map((a) => codeCell(a.path)).join(", "),
          r.replacements.find((x) => x.address === c.address)?.note ?? "",
        ]),
      ),
    );
  }
  const added = r.added.filter(isResource);
  if (added.length > 0) section(`Added (${added.length})`, table(["Resource", "Type"], entryRows(added)));
  const changed = r.changed.filter(isResource);
  if (changed.length > 0) {
    section(`Changed (${changed.length})`, table(["Resource", "Action", "Attribute", "Old → New"], changeRows(changed)));
  }
  const removed = r.removed.filter(isResource);
  if (removed.length > 0) section(`Removed (${removed.length})`, table(["Resource", "Type"], entryRows(removed)));
  if (r.moved.length > 0) {
    section(
      `Moved (${r.moved.length})`,
      table(
        ["From", "To", "Attribute changes"],
        r.moved.map((m) => [codeCell(m.from), codeCell(m.to), String(m.changes.length)]),
      ),
    );
  }
  const otherEntries = [...r.added, ...r.removed, ...r.changed].filter((e) => !isResource(e)).length;
  const other = [
    ...r.added.filter((e) => !isResource(e)).map((e) => [codeCell(e.address), "added", "", ""]),
    ...r.removed.filter((e) => !isResource(e)).map((e) => [codeCell(e.address), "removed", "", ""]),
    ...changeRows(r.changed.filter((e) => !isResource(e))).map(([a, , p, v]) => [a, "changed", p, v]),
  ];
  if (other.length > 0) {
    section(`Other changes (${otherEntries})`, table(["Block", "Change", "Attribute", "Old → New"], other));
  }
  if (added.length + changed.length + removed.length + r.moved.length + otherEntries === 0) {
    out.push("No changes.", "");
  }
  section("Architecture (head)", ["```mermaid", r.diagram.trimEnd(), "```"]);
  return out.join("\n");
}
