import { asBool, violations } from "./attributes";
import { containerDefinitionsOf, containerLabel } from "./container-definitions";
import type { Rule } from "./types";

/** No privileged containers (unless the aspect is configured to allow them). */
export const taskNoPrivileged: Rule = {
  id: "ECS-EC2-TASK-NO-PRIVILEGED",
  level: "error",
  appliesTo: ["aws_ecs_task_definition"],
  message: "Task definition runs a privileged container",
  explanation:
    "A privileged container has all Linux capabilities and access to the host's devices; a compromise of the " +
    "container is a compromise of the container instance, its instance role and every other task on it. " +
    "Allow it only for infrastructure daemons, via SecurityRulesAspect option allow.privilegedContainers or a " +
    "suppression with a reason. AWS FSBP ECS.4 (ECS containers should run as non-privileged).",
  check(resource, options) {
    if (options.allow.privilegedContainers) return "not-applicable";
    const containers = containerDefinitionsOf(resource.attributes);
    if (!containers) return "compliant";
    return violations(containers.flatMap((c, i) => (asBool(c.privileged) === true ? [`${containerLabel(c, i)} has privileged: true`] : [])));
  },
};
