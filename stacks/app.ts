import { App, Aspects } from "cdktf";
import { EcsConfig } from "../config/schema";
import { SecurityRulesAspect } from "../rules/security-aspect";
import { EcsStack } from "./ecs-stack";

const rulesOfApp = new WeakMap<App, SecurityRulesAspect>();

/**
 * Adds the stacks a config describes to an app, with the security rule pack over all of them.
 * The one place that maps a config to stacks, shared by main.ts, the tests and the benchmark.
 */
export function addStacks(app: App, config: EcsConfig): EcsStack[] {
  const rules = new SecurityRulesAspect({ allow: config.security.allow, suppressions: config.security.suppressions });
  rulesOfApp.set(app, rules);
  const stacks = [new EcsStack(app, config.name, { config })];
  // On each stack, not the app: Testing.synth(stack) only runs aspects found from the stack down.
  for (const stack of stacks) Aspects.of(stack).add(rules);
  return stacks;
}

/** The rule pack applied to an app by addStacks; its findings are complete after synth. */
export function securityRules(app: App): SecurityRulesAspect | undefined {
  return rulesOfApp.get(app);
}
