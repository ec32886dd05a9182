import { blocks, isUnknown } from "./attributes";
import type { Rule } from "./types";

/** ECS clusters have Container Insights enabled. */
export const containerInsights: Rule = {
  id: "ECS-EC2-CONTAINER-INSIGHTS",
  level: "warning",
  appliesTo: ["aws_ecs_cluster"],
  message: "ECS cluster does not have Container Insights enabled",
  explanation:
    "Container Insights gives per-task and per-instance CPU, memory, network and restart metrics, which are " +
    "needed to notice crash loops, resource exhaustion and unexpected workloads (for example crypto-mining) on " +
    'the hosts. Add setting { name = "containerInsights", value = "enabled" } (or "enhanced"). ' +
    "AWS FSBP ECS.12 (ECS clusters should use Container Insights); cdk-nag AwsSolutions-ECS4.",
  check(resource) {
    const setting = blocks(resource.attributes.setting).find((s) => s.name === "containerInsights");
    if (!setting) return { violation: "no containerInsights setting (the account default may be disabled)" };
    const value = setting.value;
    if (isUnknown(value)) return "compliant";
    const v = String(value).toLowerCase();
    if (v === "enabled" || v === "enhanced") return "compliant";
    return { violation: `containerInsights is "${value}"` };
  },
};
