import { App } from "../../framework/cdktf";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, loadConfig } from "../../config/load";
import { allRules } from "../../rules/all-rules";
import type { Finding } from "../../rules/security-aspect";
import type { Rule } from "../../rules/types";
import { addStacks, securityRules } from "../../stacks/app";
import { ReviewError } from "./load";

/** The SARIF 2.1.0 document GitHub code scanning reads. https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html */
export interface Sarif {
  $schema: string;
  version: "2.1.0";
  runs: Array<{
    tool: { driver: { name: string; rules: SarifRule[] } };
    results: SarifResult[];
  }>;
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: "error" | "warning" };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: "error" | "warning";
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: Array<{ fullyQualifiedName: string; kind: "resource" }>;
  }>;
  partialFingerprints: { [key: string]: string };
  suppressions?: Array<{ kind: "external"; justification: string }>;
}

/**
 * The rule pack's findings as SARIF: one rule entry per rule of the pack (message as the short
 * description, explanation as the full one), one result per finding, located at the config file
 * that produced the resource (code scanning needs a file) and named by Terraform address.
 * Suppressed findings carry a SARIF suppression with the config's reason, so code scanning shows
 * them as dismissed rather than dropping them.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
export function toSarif(findings: readonly Finding[], configUri: string, rules: readonly Rule[] = allRules): Sarif {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const driverRules: SarifRule[] = rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.message },
    fullDescription: { text: r.explanation },
    help: { text: `${r.message} ${r.explanation}` },
    defaultConfiguration: { level: r.level },
  }));
  const results: SarifResult[] = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: f.level,
    message: { text: `${f.address}: ${f.message}${f.details ? ` ${f.details}` : ""}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: configUri }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { "ruleAndAddress/v1": `${f.ruleId}:${f.address}` },
    ...(f.suppressed ? { suppressions: [{ kind: "external" as const, justification: f.suppressed }] } : {}),
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "cdktf-ecs-ec2 security rules", rules: driverRules } }, results }],
  };
}

/**
 * Synthesize a config (into a temporary folder that is removed again) and return the rule pack's
 * findings, errors included: synth continues past error annotations the way `cdktf synth` does.
 */
export function findingsOf(configFile: string): Finding[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-review-sarif-"));
  const key = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";
  const previous = process.env[key];
  process.env[key] = "true";
  try {
    const config = loadConfig(configFile);
    const app = new App({ outdir });
    addStacks(app, config);
    app.synth();
    return [...(securityRules(app)?.findings ?? [])];
  } catch (e) {
    if (e instanceof ConfigError) throw new ReviewError(`config error in ${e.message}`);
    throw e;
  } finally {
    if (previous === undefined) delete process.env[key];
    else process.env[key] = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
