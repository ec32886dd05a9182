import { isUnknown } from "./attributes";
import type { Rule } from "./types";

/** Names of ELB security policies that allow TLS 1.2 at minimum (TLS 1.0/1.1 excluded). */
export function isModernTlsPolicy(name: string): boolean {
  return /TLS13-1-[23]|TLS-1-2|FS-1-2|TLS13-1-3/i.test(name);
}

/** HTTPS listeners pin a security policy without TLS 1.0/1.1. */
export const albTlsPolicy: Rule = {
  id: "ECS-EC2-ALB-TLS-POLICY",
  level: "warning",
  appliesTo: ["aws_lb_listener", "aws_alb_listener"],
  message: "HTTPS listener does not use a TLS 1.2+ security policy",
  explanation:
    "Without an explicit ssl_policy the listener gets the API default (historically ELBSecurityPolicy-2016-08, " +
    "which still accepts TLS 1.0 and 1.1). Pin a policy such as ELBSecurityPolicy-TLS13-1-2-2021-06. " +
    "AWS FSBP ELB.17 (Application and Network Load Balancers with listeners should use recommended security policies).",
  check(resource) {
    const a = resource.attributes;
    if (String(a.protocol ?? "").toUpperCase() !== "HTTPS") return "not-applicable";
    const policy = a.ssl_policy;
    if (policy === undefined || policy === null || policy === "") return { violation: "ssl_policy is not set" };
    if (isUnknown(policy) || isModernTlsPolicy(String(policy))) return "compliant";
    return { violation: `ssl_policy "${policy}" allows TLS versions below 1.2` };
  },
};
