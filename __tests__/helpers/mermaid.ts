/**
 * The real Mermaid parser, for tests that must fail when GitHub could not render a diagram.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Parse Mermaid diagrams with the real parser of the `mermaid` package. It is
 * ESM-only and needs a DOM (DOMPurify), so it runs in a child `node` with a
 * jsdom window; one process parses every diagram of the suite.
 */
const PARSE_SCRIPT = `
import { JSDOM } from "jsdom";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const r = await mermaid.parse(text);
    results.push({ ok: true, type: r.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e).split("\\n").slice(0, 3).join(" ") });
  }
}
process.stdout.write(JSON.stringify(results));
`;

export function mermaidParse(diagrams: string[]): Array<{ ok: boolean; type?: string; error?: string }> {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", PARSE_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify(diagrams),
    encoding: "utf8",
    stdio: ["pipe", "pipe", "ignore"],
  });
  return JSON.parse(out);
}
