import { EntryRef } from "./diff";
import { Report, ReportChange, ResourceReport } from "./report";

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
  const t = s.terraform;
  const extra = [`Terraform: \`Plan: ${t.add} to add, ${t.change} to change, ${t.destroy} to destroy\``];
  if (s.newRevisions > 0)
    extra.push(`${plural(s.newRevisions, "replacement")} ${s.newRevisions === 1 ? "is a" : "are"} new task definition revision${s.newRevisions === 1 ? "" : "s"}`);
  if (s.other > 0) extra.push(`${plural(s.other, "other change")} to outputs/data/providers`);
  return `${main} (${extra.join("; ")})`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const ACTION_TEXT: Record<ResourceReport["action"], string> = {
  create: "create",
  update: "update in place",
  replace: "**replace**",
  delete: "**destroy**",
};

/** Why a resource changes, in one cell: forcing attributes first, references as `path ← resource`. */
function causeCell(r: ResourceReport): string {
  const parts = r.causes.map((c) => {
    const what = c.via
      ? `${codeCell(c.path)} ← ${codeCell(c.via.address)} ${c.via.action === "replace" ? "replaced" : c.via.action === "create" ? "created" : "updated"}`
      : c.old !== null || c.new !== null
        ? `${codeCell(c.path)} ${valueCell(c.old)} → ${valueCell(c.new)}`
        : codeCell(c.path);
    return c.forcesReplacement && r.action === "replace" ? `${what} (forces replacement)` : what;
  });
  const shown = parts.slice(0, 3);
  if (parts.length > 3) shown.push(`… ${parts.length - 3} more`);
  return shown.join("; ");
}

function changeRows(changes: ReportChange[]): string[][] {
  const rows: string[][] = [];
  for (const c of changes) {
    const text = c.action === "none" ? "no change to the resource" : c.action === "replace" ? "**replace**" : "update in place";
    const what = c.movedFrom ? `${text} (moved from ${codeCell(c.movedFrom)})` : text;
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
  if (r.actionsFrom === "terraform plan") out.push("_Actions are taken from `terraform plan`; consequences and follow-on effects from the synthesized configuration._", "");
  const isResource = (e: { kind: string }): boolean => e.kind === "resource";
  const section = (heading: string, lines: string[]): void => {
    out.push(`### ${heading}`, "", ...lines, "");
  };

  for (const s of r.stateFiles) {
    if (s.orphaned && s.created) {
      section("⚠ New state file", [
        `Stack \`${s.orphaned.stack}\` becomes \`${s.created.stack}\`: Terraform plans it against a new, empty state (\`${s.created.location}\`) and creates all ${s.created.resources} resources again. ` +
          `The old state (\`${s.orphaned.location}\`) is orphaned: its ${s.orphaned.resources} resources keep running and are no longer managed (nothing is destroyed); names they hold can make the new creates fail. ` +
          "Keep the stack name, or move the state first (`terraform state mv` / rename the state file) so nothing is created twice.",
      ]);
    } else if (s.orphaned) {
      section("⚠ Orphaned state file", [
        `Stack \`${s.orphaned.stack}\` is gone from the head: its state (\`${s.orphaned.location}\`) and ${s.orphaned.resources} resources are left as they are, unmanaged. Run \`terraform destroy\` on the base first if they should go.`,
      ]);
    }
  }

  const risky = r.resources.filter((x) => x.consequence);
  if (risky.length > 0) {
    section(
      "⚠ Destroys and replacements that hit traffic or data",
      table(
        ["Resource", "Action", "Consequence"],
        risky.map((x) => [codeCell(x.address), ACTION_TEXT[x.action], x.consequence!]),
      ),
    );
  }
  const replaced = r.resources.filter((x) => x.action === "replace");
  if (replaced.length > 0) {
    section("Replacements", [
      "Terraform destroys and re-creates these resources:",
      "",
      ...table(
        ["Resource", "Why", "Effect"],
        replaced.map((x) => [codeCell(x.address), causeCell(x), x.note ?? ""]),
      ),
    ]);
  }
  const followOn = r.resources.filter((x) => x.followOn.length > 0);
  if (followOn.length > 0) {
    section(
      "Follow-on effects",
      followOn.flatMap((x) => x.followOn.map((f) => `- ${codeCell(x.address)}: ${f}`)),
    );
  }
  const updated = r.resources.filter((x) => x.action === "update");
  if (updated.length > 0) {
    section(
      `Updated in place (${updated.length})`,
      table(
        ["Resource", "Why"],
        updated.map((x) => [codeCell(x.address), causeCell(x)]),
      ),
    );
  }
  const added = r.added.filter(isResource);
  if (added.length > 0) section(`Added (${added.length})`, table(["Resource", "Type"], entryRows(added)));
  const changed = r.changed.filter(isResource);
  if (changed.length > 0) {
    section(`Changed attributes (${changed.length})`, table(["Resource", "Action", "Attribute", "Old → New"], changeRows(changed)));
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
  if (r.resources.length + r.moved.length + otherEntries + r.stateFiles.length === 0) {
    out.push("No changes.", "");
  }
  section("Architecture (head)", ["```mermaid", r.diagram.trimEnd(), "```"]);
  return out.join("\n");
}
