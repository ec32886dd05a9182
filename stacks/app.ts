import { App } from "cdktf";
import { EcsConfig } from "../config/schema";
import { EcsStack } from "./ecs-stack";

/**
 * Adds the stacks a config describes to an app. The one place that maps a config to stacks,
 * shared by main.ts, the tests and the benchmark.
 */
export function addStacks(app: App, config: EcsConfig): EcsStack[] {
  return [new EcsStack(app, config.name, { config })];
}
