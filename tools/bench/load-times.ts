/**
 * Where module loading goes: `node dist/tools/bench/load-times.js`. Loads stacks/app.js (all a
 * synth needs) and prints, per module our code requires, the time to load it and everything it
 * pulls in first, in milliseconds: cdktf, constructs, each provider submodule, our own modules.
 */
import Module = require("node:module");

interface LoadRow {
  readonly request: string;
  readonly from: string;
  readonly ms: number;
}

const rows: LoadRow[] = [];
const ROOT = `${require("node:path").resolve(__dirname, "..", "..")}/`;
const loader = Module as unknown as { _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown };
const original = loader._load;
loader._load = function (request, parent, isMain) {
  const start = performance.now();
  try {
    return original.call(this, request, parent, isMain);
  } finally {
    const from = parent?.filename ?? "";
    // Only what our own compiled code asks for; what cdktf loads counts inside "cdktf".
    if (from.startsWith(ROOT) && !from.includes("/node_modules/")) rows.push({ request, from: from.slice(ROOT.length), ms: performance.now() - start });
  }
};

const start = performance.now();
require("../../stacks/app");
const total = performance.now() - start;
loader._load = original;

const seen = new Set<string>();
const out = rows
  .filter((r) => (seen.has(r.request) ? false : (seen.add(r.request), true)))
  .filter((r) => r.ms >= 1)
  .sort((a, b) => b.ms - a.ms);
process.stdout.write(`${JSON.stringify({ totalMs: Math.round(total), modules: Object.keys(require.cache).length })}\n`);
for (const r of out) process.stdout.write(`${JSON.stringify({ ms: Math.round(r.ms), module: r.request, from: r.from })}\n`);
