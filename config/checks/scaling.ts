/**
 * Cross-key checks for scaling: service auto scaling bounds and policies, and the capacity
 * settings that only work together (managed termination protection, drain hook timeouts,
 * instance refresh percentages).
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";
import { serviceTargets } from "../sections/service";
import { instanceRefreshPercentages } from "../../modules/instance-refresh";
import type { EcsConfig } from "../schema";

type Add = (path: string, message: string) => void;
type AutoScaling = NonNullable<EcsConfig["services"][number]["autoScaling"]>;
type StepPolicy = AutoScaling["stepScaling"][number];

/** A failed drain poll comes back after the queue's visibility timeout: six times the function timeout (modules/drain-hook.ts). */
export const DRAIN_VISIBILITY_TIMEOUT_FACTOR = 6;

export const checkScaling: ConfigCheck = (config, add) => {
  checkCapacity(config, add);
  config.services.forEach((service, index) => {
    const scaling = service.autoScaling;
    if (!scaling) return;
    const at = `services[${index}]`;
    if (service.schedulingStrategy === "DAEMON") {
      add(`${at}.autoScaling`, `cannot be used with schedulingStrategy "DAEMON" (one task per host); remove autoScaling or use "REPLICA"`);
      return;
    }
    if (scaling.minCapacity > scaling.maxCapacity) {
      add(`${at}.autoScaling.minCapacity`, `${scaling.minCapacity} must not be greater than autoScaling.maxCapacity (${scaling.maxCapacity})`);
    } else if (service.desiredCount < scaling.minCapacity || service.desiredCount > scaling.maxCapacity) {
      add(`${at}.desiredCount`, `${service.desiredCount} must be between autoScaling.minCapacity (${scaling.minCapacity}) and autoScaling.maxCapacity (${scaling.maxCapacity})`);
    }
    if (scaling.targetTracking.requestsPerTarget !== undefined && serviceTargets(service).length === 0) {
      add(
        `${at}.autoScaling.targetTracking.requestsPerTarget`,
        `${scaling.targetTracking.requestsPerTarget} needs a load balancer target: set ${at}.loadBalancer, or scale on cpuPercent / memoryPercent`,
      );
    }
    scaling.stepScaling.forEach((policy, i) => checkSteps(policy, `${at}.autoScaling.stepScaling[${i}]`, add));
    scaling.scheduled.forEach((action, i) => {
      const where = `${at}.autoScaling.scheduled[${i}]`;
      if (action.minCapacity === undefined && action.maxCapacity === undefined) {
        add(where, "needs minCapacity, maxCapacity or both: a scheduled action sets the service's scaling bounds");
      }
      if (action.minCapacity !== undefined && action.maxCapacity !== undefined && action.minCapacity > action.maxCapacity) {
        add(`${where}.minCapacity`, `${action.minCapacity} must not be greater than maxCapacity (${action.maxCapacity})`);
      }
    });
  });
};

function checkCapacity(config: EcsConfig, add: Add): void {
  const cap = config.capacity;
  if (cap.managedTerminationProtection && !cap.managedScaling.enabled) {
    add("capacity.managedTerminationProtection", "true needs capacity.managedScaling.enabled: true (ECS only protects hosts it scales)");
  }
  if (cap.managedTerminationProtection && cap.protectFromScaleIn === false) {
    add(
      "capacity.protectFromScaleIn",
      "false conflicts with capacity.managedTerminationProtection: true, which needs new hosts protected from scale in; remove protectFromScaleIn or set it to true",
    );
  }
  if (cap.managedScaling.minimumScalingStepSize > cap.managedScaling.maximumScalingStepSize) {
    add(
      "capacity.managedScaling.minimumScalingStepSize",
      `${cap.managedScaling.minimumScalingStepSize} must not be greater than capacity.managedScaling.maximumScalingStepSize (${cap.managedScaling.maximumScalingStepSize})`,
    );
  }
  const drainOn = cap.drainOnScaleIn ?? !cap.managedDraining;
  const hook = cap.drainHook;
  // Two drains of one host: AWS CDK switches its own drain hook off when managed draining (or
  // managed termination protection) is on (aws-cdk-lib/aws-ecs/lib/cluster.ts, addAsgCapacityProvider:
  // `taskDrainTime: (enableManagedTerminationProtection || enableManagedDraining) ? 0 : ...`).
  if (cap.drainOnScaleIn === true && cap.managedDraining) {
    add(
      "capacity.drainOnScaleIn",
      "true conflicts with capacity.managedDraining: true (ECS already drains every host Auto Scaling terminates; two drains race for the same lifecycle); set managedDraining: false to use the drain hook, or remove drainOnScaleIn",
    );
  }
  const retryAfter = hook.pollIntervalSeconds + DRAIN_VISIBILITY_TIMEOUT_FACTOR * hook.functionTimeoutSeconds;
  if (drainOn && hook.heartbeatTimeoutSeconds < 2 * retryAfter) {
    add(
      "capacity.drainHook.heartbeatTimeoutSeconds",
      `${hook.heartbeatTimeoutSeconds} must be at least 2 × (drainHook.pollIntervalSeconds (${hook.pollIntervalSeconds}) + ${DRAIN_VISIBILITY_TIMEOUT_FACTOR} × drainHook.functionTimeoutSeconds (${hook.functionTimeoutSeconds})) = ${2 * retryAfter}: the function heartbeats every half timeout, and a failed poll comes back after ${DRAIN_VISIBILITY_TIMEOUT_FACTOR} function timeouts`,
    );
  }
  const refresh = cap.instanceRefresh;
  const { minHealthyPercent, maxHealthyPercent } = instanceRefreshPercentages(cap.minSize, refresh);
  if (refresh.enabled && maxHealthyPercent - minHealthyPercent > 100) {
    add(
      "capacity.instanceRefresh.maxHealthyPercent",
      `${maxHealthyPercent} is more than 100 above minHealthyPercent (${minHealthyPercent}); Auto Scaling allows a spread of at most 100`,
    );
  }
  if (refresh.enabled && minHealthyPercent === 100 && maxHealthyPercent === 100) {
    add(
      "capacity.instanceRefresh.maxHealthyPercent",
      "100 with minHealthyPercent 100 leaves no room to replace a host; raise maxHealthyPercent (e.g. 110) or lower minHealthyPercent",
    );
  }
}

/**
 * Step intervals are relative to the threshold: above it (>= 0) for "Greater" alarms, below it
 * (<= 0) for "Less" alarms. They must neither overlap nor leave gaps.
 */
function checkSteps(policy: StepPolicy, at: string, add: Add): void {
  const greater = policy.comparison.startsWith("Greater");
  const steps = policy.steps.map((s, index) => ({
    index,
    lower: s.lowerBound ?? (greater ? 0 : -Infinity),
    upper: s.upperBound ?? (greater ? Infinity : 0),
    raw: s,
  }));
  for (const s of steps) {
    const where = `${at}.steps[${s.index}]`;
    if (s.lower >= s.upper) {
      add(where, `lowerBound (${show(s.raw.lowerBound)}) must be less than upperBound (${show(s.raw.upperBound)})`);
      return;
    }
    if (greater && s.lower < 0) add(`${where}.lowerBound`, `${s.lower} is below 0; for ${policy.comparison} the steps lie above the threshold (bounds >= 0)`);
    if (!greater && s.upper > 0) add(`${where}.upperBound`, `${s.upper} is above 0; for ${policy.comparison} the steps lie below the threshold (bounds <= 0)`);
  }
  const sorted = [...steps].sort((a, b) => a.lower - b.lower);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (current.lower !== previous.upper) {
      add(
        `${at}.steps[${current.index}].lowerBound`,
        `${current.lower} must equal the upperBound of steps[${previous.index}] (${previous.upper}): steps may neither overlap nor leave gaps`,
      );
    }
  }
}
