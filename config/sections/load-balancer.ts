/** `loadBalancers[]`: Application Load Balancers services attach to. */
import { boolean, integer, list, object, optional, refine, string, withDefault } from "../schema-dsl";
import { arn, cidr, name } from "./common";
import { acmCertificateArn } from "../validate/acm";
import { elbSecurityPolicy } from "../validate/ssl-policy";

export const loadBalancerSchema = object({
  /** Referenced by `services[].loadBalancer(s).name`; the ALB is named `<cluster>-<name>` (32 characters at most, the cluster part shortened first). */
  name,
  /** Internal instead of internet-facing. */
  internal: withDefault(boolean(), false),
  /** Who may reach the listeners. */
  ingressCidrs: withDefault(list(cidr, { minItems: 1, maxItems: 50, uniqueBy: (c) => c, uniqueKey: "" }), ["0.0.0.0/0"]),
  /** ACM certificate; adds an HTTPS listener and turns HTTP into a redirect. */
  certificateArn: optional(refine(arn("acm"), acmCertificateArn)),
  /** Predefined ELB security policy of the HTTPS listener (config/validate/ssl-policy.ts lists them). */
  sslPolicy: withDefault(refine(string({ maxLength: 128 }), elbSecurityPolicy), "ELBSecurityPolicy-TLS13-1-2-2021-06"),
  /** Seconds a connection may stay idle. */
  idleTimeoutSeconds: withDefault(integer(1, 4000), 60),
});
