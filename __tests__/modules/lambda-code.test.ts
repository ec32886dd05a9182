import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack, Testing } from "../../framework/cdktf";
import { LAMBDA_HANDLER, bundleLambdaHandler, lambdaHandlerAsset, stageLambdaHandler } from "../../modules/lambda-code";

const HANDLERS = ["drain-instance", "task-alert"] as const;

describe("lambda-code", () => {
  test.each(HANDLERS)("bundles %s with esbuild into one CommonJS index.js, the AWS SDK left to the runtime", (name) => {
    const staged = stageLambdaHandler(name);
    expect(path.dirname(staged.dir)).toBe(path.join(os.tmpdir(), "cdktf-ecs-ec2-lambda"));
    expect(fs.readdirSync(staged.dir)).toEqual(["index.js"]);
    const js = fs.readFileSync(path.join(staged.dir, "index.js"), "utf8");
    // Everything from functions/ is inside the bundle; only the SDK v3 (provided by nodejs22.x) is required.
    const required = [...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.every((r) => r.startsWith("@aws-sdk/"))).toBe(true);
    expect(js).not.toMatch(/import type|: Promise</);
    // Paths in the bundle are relative to the repo, so every clone builds the same bytes.
    expect(js).not.toContain(path.resolve(__dirname, "..", ".."));
    expect(js).toContain(`functions/${name}/index.ts`);
    expect(js).toContain("functions/shared/retry.ts");
  });

  test("builds byte-identical bundles every time, and reuses the staged one for unchanged sources", () => {
    for (const name of HANDLERS) {
      const first = bundleLambdaHandler(name);
      expect(Buffer.from(bundleLambdaHandler(name)).equals(Buffer.from(first))).toBe(true);
      const staged = stageLambdaHandler(name);
      expect(fs.readFileSync(path.join(staged.dir, "index.js")).equals(Buffer.from(first))).toBe(true);
      expect(stageLambdaHandler(name)).toEqual(staged);
    }
    expect(stageLambdaHandler("drain-instance").hash).not.toBe(stageLambdaHandler("task-alert").hash);
    expect(LAMBDA_HANDLER).toBe("index.handler");
  });

  test("returns an ARCHIVE asset with a stable hash and a .zip path", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const a = lambdaHandlerAsset(stack, "drain", "drain-instance");
    const b = lambdaHandlerAsset(stack, "drain2", "drain-instance");
    const c = lambdaHandlerAsset(stack, "alert", "task-alert");

    expect(a.assetHash).toBe(b.assetHash);
    expect(a.assetHash).not.toBe(c.assetHash);
    expect(a.path.endsWith(".zip")).toBe(true);
    Testing.synth(stack);
    expect(a.path.endsWith(".zip")).toBe(true);
  });

  test.each(HANDLERS)("the bundled %s loads as CommonJS and exports handler (the SDK provided as by the runtime)", (name) => {
    const js = fs.readFileSync(path.join(stageLambdaHandler(name).dir, "index.js"), "utf8");
    const module = { exports: {} as Record<string, unknown> };
    const runtimeRequire = (id: string) => {
      if (!id.startsWith("@aws-sdk/")) throw new Error(`the bundle requires ${id}, which the runtime does not provide`);
      return require(id);
    };
    new Function("require", "module", "exports", js)(runtimeRequire, module, module.exports);
    expect(typeof module.exports.handler).toBe("function");
  });
});
