import { asBool, blocks } from "./attributes";
import type { Rule } from "./types";

/** Container hosts get no public IP address. */
export const noPublicIp: Rule = {
  id: "ECS-EC2-NO-PUBLIC-IP",
  level: "error",
  appliesTo: ["aws_launch_template", "aws_launch_configuration"],
  message: "Container hosts are given a public IP address",
  explanation:
    "ECS container instances belong in private subnets behind the load balancer and reach AWS APIs through NAT " +
    "or VPC endpoints; a public IP makes every host directly reachable from the internet as soon as a security " +
    "group rule is too broad. AWS FSBP EC2.25 (launch templates should not assign public IPs), AutoScaling.5 " +
    "(launch configurations should not assign public IPs), EC2.9 (instances should not have a public IPv4 address).",
  check(resource) {
    if (resource.type === "aws_launch_configuration") {
      return asBool(resource.attributes.associate_public_ip_address) === true ? { violation: "associate_public_ip_address is true" } : "compliant";
    }
    const problems: string[] = [];
    blocks(resource.attributes.network_interfaces).forEach((ni, i) => {
      if (asBool(ni.associate_public_ip_address) === true) {
        problems.push(`network_interfaces[${i}].associate_public_ip_address is true`);
      }
    });
    return problems.length === 0 ? "compliant" : { violation: problems.join("; ") };
  },
};
