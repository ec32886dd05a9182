import { block, blocks, isUnknown, referencedAddress } from "./attributes";
import type { Rule } from "./types";

/** On a load balancer that has an HTTPS listener, the HTTP listener only redirects to HTTPS. */
export const albHttpRedirectsToHttps: Rule = {
  id: "ECS-EC2-ALB-HTTP-REDIRECT",
  level: "error",
  appliesTo: ["aws_lb_listener", "aws_alb_listener"],
  message: "HTTP listener does not redirect to HTTPS although the load balancer has an HTTPS listener",
  explanation:
    "Once a certificate is configured, plain-HTTP requests must not reach the service: the HTTP listener's " +
    "default action should be a redirect with protocol HTTPS, so credentials and cookies are never sent in clear " +
    "text. Applies only to load balancers with an HTTPS listener in the same stack. AWS FSBP ELB.1 (Application " +
    "Load Balancer should be configured to redirect all HTTP requests to HTTPS).",
  check(resource, options) {
    const a = resource.attributes;
    if (String(a.protocol ?? "").toUpperCase() !== "HTTP") return "not-applicable";
    const lb = referencedAddress(a.load_balancer_arn, ["aws_lb", "aws_alb"]) ?? a.load_balancer_arn;
    if (typeof lb !== "string" || !options.httpsLoadBalancers.has(lb)) return "not-applicable";
    const actions = blocks(a.default_action);
    if (actions.length === 0) return { violation: "no default_action" };
    for (const action of actions) {
      if (isUnknown(action.type)) return "compliant";
      if (action.type !== "redirect") continue;
      const protocol = block(action.redirect)?.protocol;
      if (isUnknown(protocol) || String(protocol ?? "").toUpperCase() === "HTTPS") return "compliant";
      return { violation: `default_action redirects with protocol "${protocol ?? "#{protocol}"}" instead of "HTTPS"` };
    }
    return { violation: `default_action is "${actions.map((x) => x.type).join(", ")}" instead of a redirect to HTTPS` };
  },
};
