import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AssetType, TerraformAsset } from "../framework/cdktf";
import { Construct } from "constructs";

/** Handler setting for aws_lambda_function: file index.js, export `handler`. */
export const LAMBDA_HANDLER = "index.handler";
/** Runtime the handlers are written for (it provides the AWS SDK v3 clients). */
export const LAMBDA_RUNTIME = "nodejs22.x";

export type LambdaHandlerName = "drain-instance" | "task-alert";

export interface StagedLambda {
  /** Folder holding index.js only; its name is the hash of the bundle's inputs. */
  dir: string;
  /** sha256 (hex) of the sources, the esbuild version and the build options. */
  hash: string;
}

/** Fixed mtime so the zip written by cdktf is byte-identical across synths. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/** Repo root: `modules/..` from source, `dist/modules/../..` from compiled output. */
function repoRoot(): string {
  const roots = [path.resolve(__dirname, ".."), path.resolve(__dirname, "..", "..")];
  const root = roots.find((r) => fs.existsSync(path.join(r, "functions", "shared", "envelope.ts")));
  if (!root) throw new Error(`Lambda sources (functions/) not found under ${roots.join(" or ")}`);
  return root;
}

/** Every .ts file under functions/<dir>, sorted, as paths relative to the repo root. */
function sourceFiles(root: string, dirs: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) files.push(rel);
    }
  };
  for (const dir of dirs) walk(dir);
  return files.sort();
}

/**
 * esbuild options: one CommonJS file for Node 22; the AWS SDK v3 stays external because the
 * nodejs22.x runtime provides it. Paths in the output are relative to the repo root
 * (absWorkingDir), so every clone builds the same bytes.
 */
function buildOptions(root: string, handlerName: LambdaHandlerName) {
  return {
    absWorkingDir: root,
    entryPoints: [`functions/${handlerName}/index.ts`],
    bundle: true,
    platform: "node" as const,
    target: "node22",
    format: "cjs" as const,
    external: ["@aws-sdk/*"],
    sourcemap: false,
    minify: false,
    legalComments: "none" as const,
    charset: "utf8" as const,
    logLevel: "silent" as const,
    write: false,
  };
}

/** The esbuild bundle of functions/<name>/index.ts, built now (synchronously). */
export function bundleLambdaHandler(handlerName: LambdaHandlerName): Uint8Array {
  const esbuild: typeof import("esbuild") = require("esbuild");
  const result = esbuild.buildSync(buildOptions(repoRoot(), handlerName));
  const errors = result.errors ?? [];
  const outputs = result.outputFiles ?? [];
  if (errors.length > 0 || outputs.length !== 1) {
    throw new Error(`Cannot bundle functions/${handlerName}: ${errors.map((e) => e.text).join("; ") || "no output"}`);
  }
  return outputs[0].contents;
}

/**
 * Bundles functions/<name>/index.ts (and what it imports from functions/) with esbuild into
 * os.tmpdir()/cdktf-ecs-ec2-lambda/<input hash>/index.js. The input hash covers the sources, the
 * esbuild version and the options, so an unchanged handler is not rebuilt and a changed one never
 * reuses a stale bundle; the build is synchronous and deterministic (same inputs, same bytes).
 */
export function stageLambdaHandler(handlerName: LambdaHandlerName): StagedLambda {
  const root = repoRoot();
  // Loaded lazily: stacks without Lambda functions do not load the bundler.
  const esbuild: typeof import("esbuild") = require("esbuild");
  const options = buildOptions(root, handlerName);
  const digest = crypto.createHash("sha256").update(`esbuild ${esbuild.version}\n${JSON.stringify({ ...options, absWorkingDir: "." })}\n`);
  for (const file of sourceFiles(root, [`functions/${handlerName}`, "functions/shared"])) {
    digest
      .update(`${file}\n`)
      .update(fs.readFileSync(path.join(root, file)))
      .update("\n");
  }
  const hash = digest.digest("hex");
  const dir = path.join(os.tmpdir(), "cdktf-ecs-ec2-lambda", `${handlerName}-${hash.slice(0, 32)}`);
  const file = path.join(dir, "index.js");

  if (!fs.existsSync(file)) {
    const js = bundleLambdaHandler(handlerName);
    fs.mkdirSync(dir, { recursive: true });
    // Write then rename: concurrent synths never see a half-written file.
    const tmp = path.join(dir, `.index.js.${process.pid}.${crypto.randomBytes(4).toString("hex")}`);
    fs.writeFileSync(tmp, js, { mode: 0o644 });
    fs.renameSync(tmp, file);
  }
  fs.chmodSync(file, 0o644);
  fs.utimesSync(file, FIXED_MTIME, FIXED_MTIME);
  return { dir, hash };
}

/**
 * A zip asset with index.js for the named handler. Use `asset.path` as the
 * Lambda `filename` and LAMBDA_HANDLER as its `handler`.
 */
export function lambdaHandlerAsset(scope: Construct, id: string, handlerName: LambdaHandlerName): TerraformAsset {
  const staged = stageLambdaHandler(handlerName);
  return new TerraformAsset(scope, id, { path: staged.dir, type: AssetType.ARCHIVE });
}
