import * as fs from "node:fs";
import * as path from "node:path";

/** A user-facing error: the CLI prints its message on one line and exits 2. */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewError";
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One synthesized stack: `stacks/<name>/cdk.tf.json`. */
export interface StackDoc {
  name: string;
  file: string;
  doc: JsonObject;
}

/** The stacks of one synth output, sorted by name. */
export interface SynthOutput {
  root: string;
  stacks: StackDoc[];
}

/** A JSON file's content; a ReviewError (exit 2) names the file when it cannot be read or parsed. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ReviewError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ReviewError(`invalid JSON in ${file}: ${(e as Error).message}`);
  }
}

function readStack(name: string, file: string): StackDoc {
  const doc = readJsonFile(file);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ReviewError(`${file} is not a JSON object`);
  }
  return { name, file, doc: doc as JsonObject };
}

/**
 * Load a synth output directory: either a `cdktf.out` root holding
 * `stacks/<name>/cdk.tf.json`, or a single stack directory holding `cdk.tf.json`.
 */
export function loadSynthOutput(dir: string): SynthOutput {
  const root = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new ReviewError(`directory not found: ${dir}`);
  }
  if (!stat.isDirectory()) {
    throw new ReviewError(`not a directory: ${dir}`);
  }
  const single = path.join(root, "cdk.tf.json");
  if (fs.existsSync(single)) {
    return { root, stacks: [readStack(path.basename(root), single)] };
  }
  const stacksDir = path.join(root, "stacks");
  const stacks: StackDoc[] = [];
  if (fs.existsSync(stacksDir) && fs.statSync(stacksDir).isDirectory()) {
    for (const name of fs.readdirSync(stacksDir).sort()) {
      const file = path.join(stacksDir, name, "cdk.tf.json");
      if (fs.existsSync(file)) stacks.push(readStack(name, file));
    }
  }
  if (stacks.length === 0) {
    throw new ReviewError(`no cdk.tf.json found in ${dir} (expected stacks/<name>/cdk.tf.json or cdk.tf.json)`);
  }
  return { root, stacks };
}
