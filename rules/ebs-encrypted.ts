import { asBool, block, blocks } from "./attributes";
import type { ResourceView, Rule } from "./types";

function ebsProblem(where: string, ebs: Record<string, any>): string | undefined {
  const encrypted = asBool(ebs.encrypted);
  if (encrypted === true || encrypted === "unknown") return undefined;
  return `${where}.encrypted is ${encrypted === undefined ? "not set" : "false"}`;
}

function launchTemplateProblems(resource: ResourceView): string[] {
  const problems: string[] = [];
  blocks(resource.attributes.block_device_mappings).forEach((mapping, i) => {
    if (mapping.virtual_name !== undefined || mapping.no_device !== undefined) return; // instance store / suppressed device
    const ebs = block(mapping.ebs);
    if (!ebs) return;
    const p = ebsProblem(`block_device_mappings[${i}]${mapping.device_name ? ` (${mapping.device_name})` : ""}.ebs`, ebs);
    if (p) problems.push(p);
  });
  return problems;
}

function launchConfigurationProblems(resource: ResourceView): string[] {
  const problems: string[] = [];
  const root = block(resource.attributes.root_block_device);
  if (root) {
    const p = ebsProblem("root_block_device", root);
    if (p) problems.push(p);
  }
  blocks(resource.attributes.ebs_block_device).forEach((device, i) => {
    if (asBool(device.no_device) === true) return;
    const p = ebsProblem(`ebs_block_device[${i}]${device.device_name ? ` (${device.device_name})` : ""}`, device);
    if (p) problems.push(p);
  });
  return problems;
}

/** EBS volumes declared for the hosts are encrypted. */
export const ebsEncrypted: Rule = {
  id: "ECS-EC2-EBS-ENCRYPTED",
  level: "error",
  appliesTo: ["aws_launch_template", "aws_launch_configuration"],
  message: "Container host EBS volumes are not encrypted",
  explanation:
    "Host volumes hold container images, layers, logs and task scratch data, which can include secrets. " +
    "Declared EBS volumes must set encrypted = true (optionally with kms_key_id). Volumes the template does not " +
    "declare follow the AMI snapshot and the account's EBS default encryption (AWS FSBP EC2.7). " +
    "AWS FSBP EC2.3 (attached EBS volumes encrypted at rest); cdk-nag AwsSolutions-EC26.",
  check(resource) {
    const declared =
      resource.type === "aws_launch_template"
        ? blocks(resource.attributes.block_device_mappings).length
        : blocks(resource.attributes.ebs_block_device).length + blocks(resource.attributes.root_block_device).length;
    if (declared === 0) return "not-applicable";
    const problems = resource.type === "aws_launch_template" ? launchTemplateProblems(resource) : launchConfigurationProblems(resource);
    return problems.length === 0 ? "compliant" : { violation: problems.join("; ") };
  },
};
