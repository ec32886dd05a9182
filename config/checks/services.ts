/**
 * Cross-key checks for services: load balancer targets and listener rules, placement, scheduling
 * and fixed host ports. The task definition's own checks (containers, volumes, host ports, fit on
 * a host) are shared with tasks: config/checks/task-definition.ts.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";
import type { EcsConfig, ServiceConfig } from "../schema";
import { deploymentOf, fixedHostPorts, serviceTargets } from "../sections/service";
import { checkTaskDefinition } from "./task-definition";

type Add = (path: string, message: string) => void;

export const checkServices: ConfigCheck = (config, add) => {
  config.services.forEach((service, index) => {
    const at = `services[${index}]`;
    checkTargets(config, service, at, add);
    checkTaskDefinition(config, service, at, "service", add);
    checkScheduling(service, at, add);
    checkFixedHostPorts(service, at, add);
  });
  checkListenerRules(config, add);
};

function checkTargets(config: EcsConfig, service: ServiceConfig, at: string, add: Add): void {
  const lbNames = config.loadBalancers.map((l) => l.name);
  if (service.loadBalancer && service.loadBalancers.length > 0) {
    add(`${at}.loadBalancer`, "cannot be set together with loadBalancers; move it into the loadBalancers list");
  }
  const seen = new Map<string, string>();
  for (const { at: where, target, container, containerPort } of serviceTargets(service)) {
    const path = `${at}.${where}`;
    if (!lbNames.includes(target.name)) {
      add(`${path}.name`, `${show(target.name)} is not a load balancer in loadBalancers; allowed: ${lbNames.map((n) => show(n)).join(", ") || "(none defined)"}`);
    }
    if (!container) {
      add(
        `${path}.containerName`,
        target.containerName
          ? `${show(target.containerName)} is not a container of this service; allowed: ${service.containers.map((c) => show(c.name)).join(", ")}`
          : "no container of this service has a port mapping to send traffic to",
      );
      continue;
    }
    const mapping = container.portMappings.find((p) => p.containerPort === containerPort);
    if (!mapping) {
      add(
        `${path}.containerPort`,
        `${containerPort} is not exposed by container ${show(container.name)}; its ports: ${container.portMappings.map((p) => p.containerPort).join(", ") || "(none)"}`,
      );
    } else if (mapping.protocol !== "tcp") {
      add(`${path}.containerPort`, `${containerPort} is a ${mapping.protocol} port of container ${show(container.name)}; an Application Load Balancer forwards tcp (HTTP) only`);
    }
    const key = `${container.name}:${containerPort}`;
    if (seen.has(key)) add(path, `targets container ${show(container.name)} port ${containerPort} again (already ${seen.get(key)}); each container port may have one target group`);
    else seen.set(key, path);
    if (target.healthCheckTimeoutSeconds >= target.healthCheckIntervalSeconds) {
      add(`${path}.healthCheckTimeoutSeconds`, `${target.healthCheckTimeoutSeconds} must be less than healthCheckIntervalSeconds (${target.healthCheckIntervalSeconds})`);
    }
  }
  const targetCount = serviceTargets(service).length;
  if (service.legacyServiceRoleArn && targetCount === 0) {
    add(`${at}.legacyServiceRoleArn`, `${show(service.legacyServiceRoleArn)} is only used to register tasks with a load balancer; this service has none`);
  } else if (service.legacyServiceRoleArn && targetCount > 1) {
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/register-multiple-targetgroups.html
    add(
      `${at}.legacyServiceRoleArn`,
      `cannot be used with ${targetCount} target groups: ECS requires its service-linked role for several target groups; remove legacyServiceRoleArn`,
    );
  }
  serviceTargets(service).forEach(({ at: where, target }) => {
    const values = target.pathPatterns.length + target.hostHeaders.length;
    if (values > 5) {
      // Application Load Balancer quota: 5 condition values per listener rule.
      add(
        `${at}.${where}.hostHeaders`,
        `${target.hostHeaders.length} host headers and ${target.pathPatterns.length} path patterns make ${values} condition values; a listener rule allows 5 in total`,
      );
    }
  });
}

/** Every target on one load balancer needs its own priority and its own host/path condition. */
function checkListenerRules(config: EcsConfig, add: Add): void {
  const byLb = new Map<string, ListenerRule[]>();
  config.services.forEach((service, index) => {
    for (const { at, target } of serviceTargets(service)) {
      const users = byLb.get(target.name) ?? [];
      const condition = `host ${show([...target.hostHeaders].sort())} path ${show([...target.pathPatterns].sort())}`;
      users.push({
        path: `services[${index}].${at}`,
        service: service.name,
        priority: target.priority,
        condition,
        hostHeaders: target.hostHeaders,
        pathPatterns: target.pathPatterns,
      });
      byLb.set(target.name, users);
    }
  });
  for (const [lb, users] of byLb) {
    if (users.length < 2) continue;
    const priorities = new Map<number, string>();
    const conditions = new Map<string, string>();
    for (const user of users) {
      if (user.priority === undefined) {
        add(`${user.path}.priority`, `is required: ${users.length} targets share load balancer ${show(lb)}; give each a unique listener rule priority (1-50000)`);
      } else if (priorities.has(user.priority)) {
        add(`${user.path}.priority`, `${user.priority} is already used by ${priorities.get(user.priority)} on load balancer ${show(lb)}; priorities must be unique`);
      } else {
        priorities.set(user.priority, user.path);
      }
      if (conditions.has(user.condition)) {
        add(user.path, `routes the same ${user.condition} as ${conditions.get(user.condition)} on load balancer ${show(lb)}; give one of them other hostHeaders or pathPatterns`);
      } else {
        conditions.set(user.condition, user.path);
      }
    }
    checkShadowedRules(lb, users, add);
  }
}

interface ListenerRule {
  readonly path: string;
  readonly service: string;
  readonly priority?: number;
  /** Host and path values, sorted, as one text (equal texts are the same condition). */
  readonly condition: string;
  readonly hostHeaders: readonly string[];
  readonly pathPatterns: readonly string[];
}

/**
 * A listener evaluates its rules "in priority order, from the lowest value to the highest value"
 * and the first match wins
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html).
 * A rule whose every request is also matched by a rule with a lower priority number never
 * receives traffic: `/*` without a host condition hides every later rule.
 */
function checkShadowedRules(lb: string, rules: ListenerRule[], add: Add): void {
  const ordered = rules.filter((r) => r.priority !== undefined).sort((a, b) => a.priority! - b.priority!);
  ordered.forEach((later, i) => {
    const first = ordered.slice(0, i).find((earlier) => earlier.priority !== later.priority && earlier.condition !== later.condition && ruleCovers(earlier, later));
    if (!first) return;
    add(
      `${later.path}.priority`,
      `${later.priority} puts this rule of service ${show(later.service)} after priority ${first.priority} of service ${show(first.service)} (${first.path}) on load balancer ${show(lb)}: ` +
        `that rule (${first.condition}) matches every request this one (${later.condition}) matches, so this target never receives traffic; ` +
        `give it a priority number below ${first.priority}`,
    );
  });
}

/** Whether every request matching rule `b` also matches rule `a` (hosts ignore case, paths do not). */
export function ruleCovers(a: Pick<ListenerRule, "hostHeaders" | "pathPatterns">, b: Pick<ListenerRule, "hostHeaders" | "pathPatterns">): boolean {
  const hostsCovered =
    a.hostHeaders.length === 0 || (b.hostHeaders.length > 0 && b.hostHeaders.every((q) => a.hostHeaders.some((p) => globCovers(p.toLowerCase(), q.toLowerCase()))));
  return hostsCovered && b.pathPatterns.every((q) => a.pathPatterns.some((p) => globCovers(p, q)));
}

/**
 * Whether glob `p` matches every string glob `q` matches (`*`: any characters, `?`: one). Sound:
 * true only when it is so; `*` in `q` is matched only by `*` in `p`.
 */
export function globCovers(p: string, q: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === p.length) result = j === q.length;
    else if (p[i] === "*") result = go(i + 1, j) || (j < q.length && go(i, j + 1));
    else if (j === q.length) result = false;
    else if (p[i] === "?") result = q[j] !== "*" && go(i + 1, j + 1);
    else result = p[i] === q[j] && q[j] !== "*" && q[j] !== "?" && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

function checkScheduling(service: ServiceConfig, at: string, add: Add): void {
  const daemon = service.schedulingStrategy === "DAEMON";
  if (service.launchType && service.capacityProviderStrategy) {
    add(`${at}.capacityProviderStrategy`, `cannot be set together with launchType ${show(service.launchType)}; a service uses one or the other`);
  }
  if (daemon) {
    if (service.desiredCount !== 1) add(`${at}.desiredCount`, `${service.desiredCount} cannot be set with schedulingStrategy DAEMON: it runs one task on every host`);
    if (service.capacityProviderStrategy) add(`${at}.capacityProviderStrategy`, "cannot be set with schedulingStrategy DAEMON: daemon services use launch type EC2");
    if (service.placementStrategy) add(`${at}.placementStrategy`, "cannot be set with schedulingStrategy DAEMON: it runs one task on every host");
    const max = service.deployment.maximumPercent;
    if (max !== undefined && max !== 100) add(`${at}.deployment.maximumPercent`, `${max} cannot be set with schedulingStrategy DAEMON (AWS keeps 100)`);
  }
  const { minimumHealthyPercent, maximumPercent } = deploymentOf(service);
  if (minimumHealthyPercent >= maximumPercent) {
    add(`${at}.deployment.minimumHealthyPercent`, `${minimumHealthyPercent} must be less than maximumPercent (${maximumPercent}), or deployments cannot replace a task`);
  }
  service.placementConstraints.forEach((c, i) => {
    if (c.type === "memberOf" && c.expression === undefined) add(`${at}.placementConstraints[${i}].expression`, "is required for type memberOf");
    if (c.type === "distinctInstance" && c.expression !== undefined) add(`${at}.placementConstraints[${i}].expression`, "cannot be set for type distinctInstance");
  });
  (service.placementStrategy ?? []).forEach((s, i) => {
    const path = `${at}.placementStrategy[${i}].field`;
    if (s.type === "random" && s.field !== undefined) add(path, `${show(s.field)} cannot be set for type random`);
    if (s.type === "binpack" && s.field !== "cpu" && s.field !== "memory") add(path, `${show(s.field)} is not allowed for type binpack; use "cpu" or "memory"`);
    if (s.type === "spread" && (s.field === undefined || !/^(instanceId|host|attribute:.+)$/.test(s.field))) {
      add(path, `${show(s.field)} is not allowed for type spread; use "instanceId", "host" or "attribute:<name>" like attribute:ecs.availability-zone`);
    }
  });
}

/**
 * A fixed host port can be used by one task per host. Two copies on one host (desiredCount > 1,
 * or a rolling deployment starting the new task before stopping the old) cannot start.
 */
function checkFixedHostPorts(service: ServiceConfig, at: string, add: Add): void {
  const fixed = fixedHostPorts(service);
  if (fixed.length === 0 || service.schedulingStrategy === "DAEMON") return;
  const ports = fixed.map((p) => `${p.hostPort} (container ${show(p.container)})`).join(", ");
  const fix =
    "use hostPort 0 (dynamic host ports, so several copies fit on one host behind the load balancer), or set deployment.maximumPercent: 100 and a distinctInstance placement constraint";
  const distinct = service.placementConstraints.some((c) => c.type === "distinctInstance");
  if (service.desiredCount > 1 && !distinct) {
    add(`${at}.desiredCount`, `${service.desiredCount} tasks with fixed host port ${ports} can collide on one host; ${fix}`);
  }
  const { maximumPercent } = deploymentOf(service);
  if (maximumPercent > 100) {
    add(`${at}.deployment.maximumPercent`, `${maximumPercent} starts a second copy next to the old one during a deployment, but fixed host port ${ports} is taken; ${fix}`);
  }
}
