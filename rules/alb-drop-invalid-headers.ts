import { asBool } from "./attributes";
import type { Rule } from "./types";

/** Application load balancers drop HTTP headers with invalid field names. */
export const albDropInvalidHeaders: Rule = {
  id: "ECS-EC2-ALB-DROP-INVALID-HEADERS",
  level: "error",
  appliesTo: ["aws_lb", "aws_alb"],
  message: "Application load balancer does not drop invalid HTTP header fields",
  explanation:
    "Headers with invalid field names are a vector for HTTP desync / request smuggling between the load " +
    "balancer and the containers behind it. Set drop_invalid_header_fields = true. AWS FSBP ELB.4 (Application " +
    "Load Balancers should be configured to drop invalid HTTP headers); see also ELB.12 (desync mitigation mode).",
  check(resource) {
    const type = resource.attributes.load_balancer_type;
    if (type !== undefined && type !== null && String(type) !== "application") return "not-applicable";
    const drop = asBool(resource.attributes.drop_invalid_header_fields);
    if (drop === true || drop === "unknown") return "compliant";
    return { violation: `drop_invalid_header_fields is ${drop === undefined ? "not set (default false)" : "false"}` };
  },
};
