/**
 * `npm run envdiff -- <a> <b>`: what differs between two environments' synthesized output.
 * Each of <a> and <b> is a config file, files merged in order (`base.yaml,prod.yaml`), or the name
 * of an environment file in the folder given by --dir (default: ECS_CONFIG when it is a folder).
 */
import * as fs from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, CONFIG_ENV, loadConfig } from "../../config/load";
import { ReviewError } from "../review/load";
import { diffEnvironments } from "./envdiff";
import { renderMarkdown } from "./markdown";

export const USAGE = `Usage: npm run envdiff -- [options] <a> <b>

<a>, <b>      environments: a config file, files merged in order (base.yaml,prod.yaml),
              or a name (dev) of a file <name>.yaml in the --dir folder
--dir DIR     folder of environment files (default: ECS_CONFIG when it names a folder)
--format F    markdown (default) or json
--out FILE    write the comparison to FILE instead of stdout
-h, --help    show this help`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

function isFolder(path: string | undefined): path is string {
  try {
    return path !== undefined && fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A name like `dev` is `<dir>/dev.yaml` (or .yml, .json); anything else is a config path. */
export function resolveEnvironment(arg: string, dir: string | undefined): string {
  if (!/^[A-Za-z0-9_-]+$/.test(arg)) return arg;
  if (dir === undefined) throw new ReviewError(`"${arg}" is a name, not a file: give --dir <folder of environments>, or set ECS_CONFIG to that folder`);
  const found = ["yaml", "yml", "json"].map((ext) => join(dir, `${arg}.${ext}`)).find((f) => fs.existsSync(f));
  if (!found) throw new ReviewError(`no environment "${arg}" in ${dir} (looked for ${arg}.yaml, ${arg}.yml, ${arg}.json)`);
  return found;
}

/** CLI entry point; returns the exit code (0 ok, 2 usage or input error). */
export function main(argv: string[], io: Io = processIo): number {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { dir: { type: "string" }, format: { type: "string", default: "markdown" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
      });
    } catch (e) {
      throw new ReviewError((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (values.format !== "markdown" && values.format !== "json") throw new ReviewError(`unknown format "${values.format}" (expected markdown or json)`);
    if (positionals.length !== 2) throw new ReviewError("expected two environments: <a> <b>");
    const dir = values.dir ?? (isFolder(process.env[CONFIG_ENV]) ? process.env[CONFIG_ENV] : undefined);
    const [first, second] = positionals.map((arg) => {
      const file = resolveEnvironment(arg, dir);
      return { label: arg, config: loadConfig(file) };
    });
    const diff = diffEnvironments(first, second);
    const text = values.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderMarkdown(diff);
    if (values.out) fs.writeFileSync(values.out, text);
    else io.stdout(text);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`envdiff: config error in ${e.message}\n`);
      return 2;
    }
    if (e instanceof ReviewError) {
      io.stderr(`envdiff: ${e.message}\n`);
      return 2;
    }
    io.stderr(`envdiff: unexpected error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
