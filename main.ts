/**
 * Entry point for `npm run synth` and `cdktf synth` (both run it through tools/app.js): config
 * file → validated model → stacks → cdktf.out, then one line per stack written and the next command.
 * The config file is `configs/default.yaml`, or the one named by ECS_CONFIG or the cdktf context key `config`.
 */
import { App } from "cdktf";
import { CONFIG_ENV, ConfigError, DEFAULT_CONFIG, loadConfig } from "./config/load";
import { Finding, formatFindings } from "./rules/security-aspect";
import { addStacks, securityRules } from "./stacks/app";
import { withLeanTokenTraces } from "./stacks/lean-traces";
import { synthesizeSafely } from "./stacks/safe-synth";
import { synthSummary } from "./stacks/synth-summary";

function main(): number {
  const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}") as { config?: string };
  const file = process.env[CONFIG_ENV] || context.config || DEFAULT_CONFIG;
  try {
    const config = loadConfig(file);
    const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
    let stacks: string[] = [];
    let findings: Finding[] = [];
    synthesizeSafely(outdir, (stagingDir) => {
      const app = new App({ outdir: stagingDir });
      withLeanTokenTraces(() => {
        stacks = addStacks(app, config).map((stack) => stack.node.id);
        app.synth();
      });
      const rules = securityRules(app);
      findings = rules?.findings ?? [];
      if (findings.length > 0) process.stderr.write(`${formatFindings(findings)}\n`);
      if (rules?.hasErrors()) throw new Error("security rules found errors (listed above); fix them or add a suppression with a reason");
    });
    process.stdout.write(synthSummary(outdir, stacks, findings, config.module));
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Config error in ${e.message}\nNothing was written; the previous output is unchanged.\n`);
      return 1;
    }
    process.stderr.write(`Synth failed: ${(e as Error).message}\nNothing was written; the previous output is unchanged.\n`);
    return 1;
  }
}

process.exitCode = main();
