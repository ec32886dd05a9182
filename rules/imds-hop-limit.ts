import { asNumber, block } from "./attributes";
import type { Rule } from "./types";

/** Containers should not be able to reach the host's metadata service (and so the host role). */
export const imdsHopLimit: Rule = {
  id: "ECS-EC2-IMDS-HOP-LIMIT",
  level: "warning",
  appliesTo: ["aws_launch_template", "aws_launch_configuration"],
  message: "IMDS response hop limit is above 1, so bridge-mode containers can read the host's instance role credentials",
  explanation:
    "ECS tasks should use their task role, never the container instance role. With " +
    "metadata_options.http_put_response_hop_limit > 1 the IMDSv2 token response survives the extra hop into " +
    "bridge-networked containers, which can then fetch the instance role credentials (ECS agent permissions). " +
    "Keep the hop limit at 1 unless a workload really needs IMDS (AWS ECS best-practices guide, 'Task and " +
    "container security: restrict access to Amazon EC2 instance metadata'; related to AWS FSBP EC2.8).",
  check(resource) {
    const metadata = block(resource.attributes.metadata_options);
    // Without metadata_options the AMI decides (1, or 2 on AMIs registered for IMDSv2 only); the
    // IMDSv2 rule already fails such a template, so this rule stays quiet.
    if (!metadata) return "compliant";
    if (typeof metadata.http_endpoint === "string" && metadata.http_endpoint.toLowerCase() === "disabled") return "compliant";
    const hops = asNumber(metadata.http_put_response_hop_limit);
    if (typeof hops === "number" && hops > 1) {
      return { violation: `metadata_options.http_put_response_hop_limit is ${hops} (expected 1)` };
    }
    return "compliant";
  },
};
