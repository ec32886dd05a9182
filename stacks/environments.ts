/**
 * Checks across the environments of one synth: each stack folder and state key belongs to one
 * environment, and no two environments that may share an AWS account (the same `account`, or
 * one left out) create resources of the same name, in the same region or, for IAM, anywhere.
 */
import { ConfigError } from "../config/config-error";
import { Environment } from "../config/environments";
import { stackNames } from "./app";

/**
 * Resource types whose name is unique in an account and region (IAM: in the account), by the
 * attribute that holds the name. Resources named with `name_prefix` get a unique suffix from
 * Terraform and cannot collide; names scoped to a parent (a service in its cluster, a policy on
 * its role) follow their parent's name.
 */
export const UNIQUE_NAMES: Readonly<Record<string, { readonly attribute: string; readonly global?: boolean }>> = {
  aws_ecs_cluster: { attribute: "name" },
  aws_ecs_capacity_provider: { attribute: "name" },
  // Two environments in one task definition family would add revisions to each other's family.
  aws_ecs_task_definition: { attribute: "family" },
  aws_cloudwatch_log_group: { attribute: "name" },
  aws_lb: { attribute: "name" },
  aws_cloudwatch_event_rule: { attribute: "name" },
  aws_lambda_function: { attribute: "function_name" },
  aws_sns_topic: { attribute: "name" },
  aws_sqs_queue: { attribute: "name" },
  aws_scheduler_schedule: { attribute: "name" },
  aws_iam_role: { attribute: "name", global: true },
  aws_iam_policy: { attribute: "name", global: true },
  aws_iam_instance_profile: { attribute: "name", global: true },
};

/** Stack folders and state keys: no stack name may come from two environments. Throws a ConfigError. */
export function checkStackNames(environments: readonly Environment[]): void {
  const owner = new Map<string, Environment>();
  const problems: { path: string; message: string; file: string }[] = [];
  for (const env of environments) {
    for (const stack of stackNames(env.config)) {
      const first = owner.get(stack);
      if (first && first !== env) {
        const key = env.config.environment === undefined ? "name" : "environment";
        problems.push({
          path: key,
          file: env.label,
          message: `${JSON.stringify(env.config.environment ?? env.config.name)} gives the stack "${stack}", which ${first.label} makes too; two environments would share a stack folder, a state key and AWS names: give each environment its own environment (or name)`,
        });
      } else {
        owner.set(stack, env);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError("environments", problems);
}

/** One environment's synthesized stacks (the parsed cdk.tf.json of each). */
export interface SynthesizedEnvironment {
  readonly environment: Environment;
  readonly stacks: readonly any[];
}

/** AWS names two environments would both create, as sentences; empty when there are none. */
export function nameCollisions(synthesized: readonly SynthesizedEnvironment[]): string[] {
  const named = synthesized.map(({ environment, stacks }) => {
    const names = new Map<string, string>();
    for (const json of stacks) {
      for (const [type, { attribute }] of Object.entries(UNIQUE_NAMES)) {
        for (const [local, resource] of Object.entries<any>(json.resource?.[type] ?? {})) {
          const value = resource?.[attribute];
          if (typeof value === "string" && !value.includes("${")) names.set(`${type} ${attribute} ${value}`, `${type}.${local}`);
        }
      }
    }
    return { environment, names };
  });
  const out: string[] = [];
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const a = named[i].environment.config;
      const b = named[j].environment.config;
      if (a.account !== undefined && b.account !== undefined && a.account !== b.account) continue;
      for (const [key, address] of named[i].names) {
        const [type, attribute, value] = key.split(" ");
        if (!named[j].names.has(key) || (!UNIQUE_NAMES[type].global && a.region !== b.region)) continue;
        out.push(
          `${named[i].environment.label} and ${named[j].environment.label} both create ${type} ${attribute} "${value}" (${address}) ` +
            `in ${a.account === undefined || b.account === undefined ? "what may be the same account (set account in both to tell them apart)" : `account ${a.account}`}; ` +
            "give one of them another name or environment",
        );
      }
    }
  }
  return out;
}
