import { block, isUnknown } from "./attributes";
import type { Rule } from "./types";

/** IMDSv2 (session tokens) required on the hosts' launch template / launch configuration. */
export const imdsv2Required: Rule = {
  id: "ECS-EC2-IMDSV2",
  level: "error",
  appliesTo: ["aws_launch_template", "aws_launch_configuration"],
  message: 'Container hosts do not require IMDSv2 (metadata_options.http_tokens must be "required")',
  explanation:
    "With IMDSv1 any SSRF or open proxy on the host or in a container can read the instance role's credentials " +
    "from 169.254.169.254 with a plain GET. Requiring session tokens (IMDSv2) blocks that class of attack. " +
    "AWS FSBP EC2.8 (instances use IMDSv2), EC2.170 (launch templates use IMDSv2), AutoScaling.3 (launch " +
    "configurations require IMDSv2); cdk-nag EC2IMDSv2Enabled (NIST 800-53 / HIPAA packs).",
  check(resource) {
    const metadata = block(resource.attributes.metadata_options);
    if (metadata && typeof metadata.http_endpoint === "string" && metadata.http_endpoint.toLowerCase() === "disabled") {
      return "compliant"; // no metadata service at all, so no IMDSv1 either
    }
    const tokens = metadata?.http_tokens;
    if (tokens === undefined || tokens === null) {
      return { violation: 'metadata_options.http_tokens is not set (the default is "optional", i.e. IMDSv1 allowed)' };
    }
    if (isUnknown(tokens)) return "compliant";
    if (String(tokens).toLowerCase() !== "required") {
      return { violation: `metadata_options.http_tokens is "${tokens}" (expected "required")` };
    }
    return "compliant";
  },
};
