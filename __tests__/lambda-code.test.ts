import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { LAMBDA_HANDLER, lambdaHandlerAsset, stageLambdaHandler } from "../modules/lambda-code";

describe("lambda-code", () => {
  it("stages transpiled index.js under a content-hash folder in the temp dir", () => {
    for (const name of ["drain-instance", "task-alert"] as const) {
      const staged = stageLambdaHandler(name);
      expect(staged.dir).toBe(path.join(os.tmpdir(), "cdktf-ecs-ec2-lambda", staged.hash));
      expect(fs.readdirSync(staged.dir)).toEqual(["index.js"]);
      const js = fs.readFileSync(path.join(staged.dir, "index.js"), "utf8");
      expect(js).toContain("exports.handler");
      expect(js).not.toMatch(/import type|: Promise</);
      expect(js).not.toMatch(/require\("\.\.?\//);
    }
    expect(stageLambdaHandler("drain-instance").hash).not.toBe(stageLambdaHandler("task-alert").hash);
    expect(LAMBDA_HANDLER).toBe("index.handler");
  });

  it("returns an ARCHIVE asset with a stable hash and a .zip path", () => {
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

  it("exported handler loads as CommonJS", () => {
    const staged = stageLambdaHandler("task-alert");
    const mod = require(path.join(staged.dir, "index.js"));
    expect(typeof mod.handler).toBe("function");
    expect(typeof mod.classify).toBe("function");
  });
});
