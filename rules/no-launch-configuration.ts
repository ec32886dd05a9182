import type { Rule } from "./types";

/** Auto Scaling groups use launch templates, not the retired launch configurations. */
export const noLaunchConfiguration: Rule = {
  id: "ECS-EC2-NO-LAUNCH-CONFIGURATION",
  level: "warning",
  appliesTo: ["aws_launch_configuration"],
  message: "Launch configuration used instead of a launch template",
  explanation:
    "Launch configurations receive no new EC2 features (instance types, IMDS options, ...) and cannot be created " +
    "in new accounts; launch templates support versioning, IMDSv2 defaults and mixed instances policies. " +
    "AWS FSBP AutoScaling.9 (Auto Scaling groups should use EC2 launch templates).",
  check() {
    return { violation: "aws_launch_configuration is deprecated; use aws_launch_template" };
  },
};
