/**
 * Instance refresh settings of the hosts' Auto Scaling group: the healthy percentages a refresh
 * uses, and the `aws autoscaling start-instance-refresh` command that starts one by hand.
 * Pure functions: no constructs, no I/O.
 *
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html
 */
import { shellQuote } from "./run-task-command";

export interface HealthyPercentages {
  readonly minHealthyPercent: number;
  readonly maxHealthyPercent: number;
}

/**
 * The percentages of the desired capacity a refresh keeps in service (min) and may run (max).
 * A group that may run a single host (minSize 0 or 1; managed scaling shrinks it that far) gets
 * 100 / 200: the replacement is launched and healthy before the only host is terminated. With
 * 90 / 100 that host would be terminated first and its tasks would have nowhere to go.
 * Larger groups get Auto Scaling's own 90 / 100: a tenth of the hosts at a time, no extra hosts.
 */
export function instanceRefreshPercentages(minSize: number, given: Partial<HealthyPercentages> = {}): HealthyPercentages {
  const single = minSize <= 1;
  return {
    minHealthyPercent: given.minHealthyPercent ?? (single ? 100 : 90),
    maxHealthyPercent: given.maxHealthyPercent ?? (single ? 200 : 100),
  };
}

export interface StartInstanceRefreshCommandOptions {
  readonly region: string;
  /** Group name (a Terraform reference when known only at apply). */
  readonly autoScalingGroupName: string;
  readonly percentages: HealthyPercentages;
  /** @default - the group's default instance warmup */
  readonly instanceWarmupSeconds?: number;
  readonly scaleInProtectedInstances: string;
  readonly standbyInstances: string;
}

/**
 * `aws autoscaling start-instance-refresh` with the configured percentages. SkipMatching is off:
 * started by hand, without a new launch template version, every host already matches the group's
 * configuration and skip matching would replace none of them.
 */
export function startInstanceRefreshCommand(options: StartInstanceRefreshCommandOptions): string {
  const preferences: Record<string, unknown> = {
    MinHealthyPercentage: options.percentages.minHealthyPercent,
    MaxHealthyPercentage: options.percentages.maxHealthyPercent,
    SkipMatching: false,
    ScaleInProtectedInstances: options.scaleInProtectedInstances,
    StandbyInstances: options.standbyInstances,
  };
  if (options.instanceWarmupSeconds !== undefined) preferences.InstanceWarmup = options.instanceWarmupSeconds;
  const words = [
    "aws",
    "autoscaling",
    "start-instance-refresh",
    "--region",
    options.region,
    "--auto-scaling-group-name",
    options.autoScalingGroupName,
    "--strategy",
    "Rolling",
    "--preferences",
    JSON.stringify(preferences),
  ];
  return words.map(shellQuote).join(" ");
}
