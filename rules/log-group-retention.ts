import { asNumber } from "./attributes";
import type { Rule } from "./types";

/** CloudWatch log groups expire their events. */
export const logGroupRetention: Rule = {
  id: "ECS-EC2-LOG-RETENTION",
  level: "warning",
  appliesTo: ["aws_cloudwatch_log_group"],
  message: "CloudWatch log group keeps events forever (retention_in_days not set or 0)",
  explanation:
    "Container and host logs can contain personal data and secrets that leak into output; keeping them forever " +
    "grows exposure and cost without an owner ever deciding to. Set retention_in_days to the period your " +
    "compliance regime requires (Security Hub CloudWatch.16 asks for at least 365 days). " +
    "AWS Security Hub CloudWatch.16 (log groups retained for a specified time period); cdk-nag " +
    "CloudWatchLogGroupRetentionPeriod (NIST 800-53 / HIPAA / PCI packs).",
  check(resource) {
    const days = asNumber(resource.attributes.retention_in_days);
    if (days === "unknown") return "compliant";
    if (days === undefined) return { violation: "retention_in_days is not set (events never expire)" };
    if (days <= 0) return { violation: `retention_in_days is ${days} (events never expire)` };
    return "compliant";
  },
};
