/**
 * Entry point for `npm run synth` and `cdktf synth` (both run it through tools/app.js): config
 * file → validated model → stacks → cdktf.out, then one line per stack written and the next command.
 * The config file is `configs/default.yaml`, or the one named by ECS_CONFIG or the cdktf context key `config`.
 * That may also name several environments (a folder, or configs separated by `:`): all of them are
 * synthesized into one output, and nothing is written when any of them fails (docs/environments.md).
 */
import { App } from "./framework/cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_ENV, ConfigError, DEFAULT_CONFIG } from "./config/load";
import { EnvironmentsError, loadEnvironments } from "./config/environments";
import { Finding, formatFindings } from "./rules/security-aspect";
import { addStacks, securityRulesOfEach, stackNames } from "./stacks/app";
import { checkStackNames, nameCollisions } from "./stacks/environments";
import { withLeanTokenTraces } from "./stacks/lean-traces";
import { synthesizeSafely } from "./stacks/safe-synth";
import { synthSummary } from "./stacks/synth-summary";

function main(): number {
  const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}") as { config?: string };
  const file = process.env[CONFIG_ENV] || context.config || DEFAULT_CONFIG;
  try {
    const environments = loadEnvironments(file);
    checkStackNames(environments);
    const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
    const stacks = environments.flatMap((environment) => stackNames(environment.config));
    const findings: Finding[] = [];
    synthesizeSafely(outdir, (stagingDir) => {
      const app = new App({ outdir: stagingDir });
      withLeanTokenTraces(() => {
        for (const environment of environments) addStacks(app, environment.config);
        app.synth();
      });
      if (environments.length > 1) {
        const read = (stack: string) => JSON.parse(readFileSync(join(stagingDir, "stacks", stack, "cdk.tf.json"), "utf8"));
        const collisions = nameCollisions(environments.map((environment) => ({ environment, stacks: stackNames(environment.config).map(read) })));
        if (collisions.length > 0) throw new Error(`environments would collide in AWS:\n${collisions.map((c) => `  - ${c}`).join("\n")}`);
      }
      let errors = false;
      securityRulesOfEach(app).forEach((rules, index) => {
        const heading = environments.length > 1 ? `${environments[index].label}:\n` : "";
        if (rules.findings.length > 0) process.stderr.write(`${heading}${formatFindings(rules.findings)}\n`);
        findings.push(...rules.findings);
        errors ||= rules.hasErrors();
      });
      if (errors) throw new Error("security rules found errors (listed above); fix them or add a suppression with a reason");
    });
    process.stdout.write(
      synthSummary(
        outdir,
        stacks,
        findings,
        environments.some((environment) => environment.config.module),
      ),
    );
    return 0;
  } catch (e) {
    const configErrors = e instanceof EnvironmentsError ? e.errors : e instanceof ConfigError ? [e] : undefined;
    if (configErrors) {
      for (const error of configErrors) process.stderr.write(`Config error in ${error.message}\n`);
      process.stderr.write("Nothing was written; the previous output is unchanged.\n");
      return 1;
    }
    process.stderr.write(`Synth failed: ${(e as Error).message}\nNothing was written; the previous output is unchanged.\n`);
    return 1;
  }
}

process.exitCode = main();
