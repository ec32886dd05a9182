import type { Rule } from "./types";

/** Tasks do not use the host's network namespace (unless the aspect is configured to allow it). */
export const taskNoHostNetwork: Rule = {
  id: "ECS-EC2-TASK-NO-HOST-NETWORK",
  level: "error",
  appliesTo: ["aws_ecs_task_definition"],
  message: 'Task definition uses network_mode "host"',
  explanation:
    "In host network mode containers share the instance's network stack: they can bind any host port, reach " +
    "the instance metadata service regardless of hop limit (and so the instance role credentials), and bypass " +
    "per-task security groups. Prefer awsvpc (or bridge). Allow it via SecurityRulesAspect option " +
    "allow.hostNetworkMode or a suppression with a reason. AWS FSBP ECS.17 (ECS task definitions should not use " +
    "host network mode); related ECS.1.",
  check(resource, options) {
    if (options.allow.hostNetworkMode) return "not-applicable";
    const mode = resource.attributes.network_mode;
    return typeof mode === "string" && mode.toLowerCase() === "host" ? { violation: 'network_mode is "host"' } : "compliant";
  },
};
