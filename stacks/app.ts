import { App, Aspects } from "../framework/cdktf";
import { EcsConfig } from "../config/schema";
import { SecurityRulesAspect } from "../rules/security-aspect";
import { EcsStack } from "./ecs-stack";
import { relocateAssetsForModule } from "./terraform-module";
import { addMovedBlocks } from "./moved";
import { addPlatformOutputs, addServiceOutputs } from "./terraform-outputs";
import { ReadableStack } from "./readable-stack";
import { ServicesStack } from "./services-stack";

const rulesOfApp = new WeakMap<App, SecurityRulesAspect[]>();

/**
 * Adds the stacks a config describes to an app, with the security rule pack over all of them.
 * The one place that maps a config to stacks, shared by main.ts, the tests and the benchmark.
 */
export function addStacks(app: App, config: EcsConfig): [EcsStack, ...ReadableStack[]] {
  const rules = new SecurityRulesAspect({ allow: config.security.allow, suppressions: config.security.suppressions });
  // Several environments in one app: each config adds its stacks and its own rule pack.
  rulesOfApp.set(app, [...(rulesOfApp.get(app) ?? []), rules]);
  const platform = new EcsStack(app, config.name, { config });
  const stacks: [EcsStack, ...ReadableStack[]] = [platform];
  for (const team of teams(config)) {
    const services = config.services.filter((s) => s.stack === team);
    stacks.push(new ServicesStack(app, `${config.name}-${team}`, { config, platform, services }));
  }
  addPlatformOutputs(platform);
  for (const service of config.services) {
    const stack = service.stack === undefined ? platform : stacks.find((s) => s.node.id === `${config.name}-${service.stack}`)!;
    addServiceOutputs(stack, service.name, platform.services[service.name]);
  }
  for (const stack of stacks) addMovedBlocks(stack, config.moved);
  if (config.module) relocateAssetsForModule(platform);
  // On each stack, not the app: Testing.synth(stack) only runs aspects found from the stack down.
  for (const stack of stacks) Aspects.of(stack).add(rules);
  return stacks;
}

/** Services with `stack: team-a` go to the stack `<name>-team-a`, in order of first mention. */
function teams(config: EcsConfig): string[] {
  return [...new Set(config.services.flatMap((s) => (s.stack === undefined ? [] : [s.stack])))];
}

/** The stacks (folders under cdktf.out/stacks, state keys) a config makes: `<name>`, then `<name>-<team>`. */
export function stackNames(config: EcsConfig): string[] {
  return [config.name, ...teams(config).map((team) => `${config.name}-${team}`)];
}

/** The rule pack applied to an app by addStacks (the first config's); its findings are complete after synth. */
export function securityRules(app: App): SecurityRulesAspect | undefined {
  return rulesOfApp.get(app)?.[0];
}

/** The rule pack of each config added to an app by addStacks, in order. */
export function securityRulesOfEach(app: App): SecurityRulesAspect[] {
  return rulesOfApp.get(app) ?? [];
}
