import { isUnknown } from "./attributes";
import type { Rule } from "./types";
import { minimumTlsVersion } from "../config/validate/ssl-policy";

/** Whether a predefined ELB security policy refuses TLS 1.0 and 1.1 (unknown names are not modern). */
export function isModernTlsPolicy(name: string): boolean {
  const version = minimumTlsVersion(name);
  return version === "1.2" || version === "1.3";
}

/** What is wrong with a listener's policy, in words; undefined when it refuses TLS 1.0 and 1.1. */
export function tlsPolicyProblem(policy: string): string | undefined {
  const version = minimumTlsVersion(policy);
  if (version === undefined) return `ssl_policy "${policy}" is not a predefined ELB security policy; CreateListener refuses it`;
  if (version === "1.0") return `ssl_policy "${policy}" accepts TLS 1.0 and 1.1`;
  if (version === "1.1") return `ssl_policy "${policy}" accepts TLS 1.1`;
  return undefined;
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
  // Policies and their protocols: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
  check(resource) {
    const a = resource.attributes;
    if (String(a.protocol ?? "").toUpperCase() !== "HTTPS") return "not-applicable";
    const policy = a.ssl_policy;
    if (policy === undefined || policy === null || policy === "") {
      return { violation: "ssl_policy is not set: the listener gets the API default ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1" };
    }
    if (isUnknown(policy)) return "compliant";
    const problem = tlsPolicyProblem(String(policy));
    return problem ? { violation: problem } : "compliant";
  },
};
