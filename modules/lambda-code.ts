import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";

/** Handler setting for aws_lambda_function: file index.js, export `handler`. */
export const LAMBDA_HANDLER = "index.handler";
/** Runtime the handlers are written for (it provides the AWS SDK v3 clients). */
export const LAMBDA_RUNTIME = "nodejs22.x";

export type LambdaHandlerName = "drain-instance" | "task-alert";

export interface StagedLambda {
  /** Folder holding index.js only; its name is the content hash. */
  dir: string;
  /** sha256 of index.js (hex). */
  hash: string;
}

/** Fixed mtime so the zip written by cdktf is byte-identical across synths. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/** Repo root: `modules/..` from source, `dist/modules/../..` from compiled output. */
function handlerSourcePath(handlerName: LambdaHandlerName): string {
  const relative = path.join("functions", handlerName, "index.ts");
  const roots = [path.resolve(__dirname, ".."), path.resolve(__dirname, "..", "..")];
  for (const root of roots) {
    const candidate = path.join(root, relative);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`Lambda source ${relative} not found under ${roots.join(" or ")}`);
}

/**
 * Transpiles functions/<name>/index.ts to CommonJS (ES2022) and writes it as
 * index.js into os.tmpdir()/cdktf-ecs-ec2-lambda/<sha256 of the JS>/.
 * Same source -> same folder, so repeated synths neither differ nor duplicate.
 */
export function stageLambdaHandler(handlerName: LambdaHandlerName): StagedLambda {
  const sourcePath = handlerSourcePath(handlerName);
  // Loaded lazily: stacks without Lambda functions do not pay for the compiler.
  const ts: typeof import("typescript") = require("typescript");
  const output = ts.transpileModule(fs.readFileSync(sourcePath, "utf8"), {
    fileName: path.basename(sourcePath),
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
      removeComments: false,
    },
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
    throw new Error(`Cannot transpile ${sourcePath}:\n${text}`);
  }
  const js = output.outputText;
  const hash = crypto.createHash("sha256").update(js).digest("hex");
  const dir = path.join(os.tmpdir(), "cdktf-ecs-ec2-lambda", hash);
  const file = path.join(dir, "index.js");

  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== js) {
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
