import { asNumber, blocks, isUnknown, list, referencedAddress, tagsOf, violations } from "./attributes";
import { LOAD_BALANCER_PUBLIC_PORTS, SECURITY_GROUP_ROLE_LOAD_BALANCER, SECURITY_GROUP_ROLE_TAG, type ResourceView, type RuleOptions, type Rule } from "./types";

/** True for 0.0.0.0/0, ::/0 and any other "/0" CIDR. */
export function isWorldCidr(value: unknown): boolean {
  return typeof value === "string" && !isUnknown(value) && /\/0+$/.test(value.trim());
}

function roleOf(resource: ResourceView, options: RuleOptions): string | undefined {
  const own = tagsOf(resource.attributes)[SECURITY_GROUP_ROLE_TAG];
  if (typeof own === "string" && !isUnknown(own)) return own;
  if (resource.type === "aws_security_group") return undefined;
  const group = referencedAddress(resource.attributes.security_group_id, ["aws_security_group"]);
  return group ? options.securityGroupRoles.get(group) : undefined;
}

interface Ingress {
  readonly where: string;
  readonly cidrs: string[];
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

function ingressesOf(resource: ResourceView): Ingress[] {
  const a = resource.attributes;
  switch (resource.type) {
    case "aws_security_group":
      return blocks(a.ingress).map((rule, i) => ({
        where: `ingress[${i}]`,
        cidrs: [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)].filter((c): c is string => typeof c === "string"),
        protocol: rule.protocol,
        fromPort: rule.from_port,
        toPort: rule.to_port,
      }));
    case "aws_security_group_rule":
      if (a.type !== "ingress") return [];
      return [
        {
          where: "rule",
          cidrs: [...list(a.cidr_blocks), ...list(a.ipv6_cidr_blocks)].filter((c): c is string => typeof c === "string"),
          protocol: a.protocol,
          fromPort: a.from_port,
          toPort: a.to_port,
        },
      ];
    case "aws_vpc_security_group_ingress_rule":
      return [
        {
          where: "rule",
          cidrs: [a.cidr_ipv4, a.cidr_ipv6].filter((c): c is string => typeof c === "string"),
          protocol: a.ip_protocol,
          fromPort: a.from_port,
          toPort: a.to_port,
        },
      ];
    default:
      return [];
  }
}

function portText(ingress: Ingress): string {
  const protocol = String(ingress.protocol ?? "?");
  if (protocol === "-1" || protocol.toLowerCase() === "all") return "all traffic";
  return ingress.fromPort === ingress.toPort ? `${protocol}/${ingress.fromPort}` : `${protocol}/${ingress.fromPort}-${ingress.toPort}`;
}

/** World-open ingress is acceptable for a load-balancer group only on exactly TCP 80 or 443. */
function allowedForLoadBalancer(ingress: Ingress): boolean {
  if (isUnknown(ingress.protocol) || isUnknown(ingress.fromPort) || isUnknown(ingress.toPort)) return true;
  const protocol = String(ingress.protocol ?? "").toLowerCase();
  if (protocol !== "tcp" && protocol !== "6") return false;
  const from = asNumber(ingress.fromPort);
  const to = asNumber(ingress.toPort);
  return typeof from === "number" && from === to && LOAD_BALANCER_PUBLIC_PORTS.includes(from);
}

/** Host security groups admit nothing from the internet; load-balancer groups only HTTP/HTTPS. */
export const securityGroupNoWorldIngress: Rule = {
  id: "ECS-EC2-SG-NO-WORLD-INGRESS",
  level: "error",
  appliesTo: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  message: "Security group admits traffic from the whole internet (0.0.0.0/0 or ::/0)",
  explanation:
    "Container hosts must only be reachable from the load balancer's security group (dynamic host ports) and " +
    "management paths such as SSM, never from 0.0.0.0/0 or ::/0. Only a group tagged " +
    `${SECURITY_GROUP_ROLE_TAG}="${SECURITY_GROUP_ROLE_LOAD_BALANCER}" may be open to the world, and only on TCP ` +
    `${LOAD_BALANCER_PUBLIC_PORTS.join("/")}; untagged groups are treated as host groups. AWS FSBP EC2.18 (unrestricted ` +
    "ingress only on authorized ports), EC2.19 (no unrestricted high-risk ports), EC2.13/EC2.14 (no 0.0.0.0/0 to " +
    "22/3389), EC2.53/EC2.54; cdk-nag AwsSolutions-EC23.",
  check(resource, options) {
    const ingresses = ingressesOf(resource);
    if (ingresses.length === 0) return "not-applicable";
    const isLoadBalancerGroup = roleOf(resource, options) === SECURITY_GROUP_ROLE_LOAD_BALANCER;
    const problems: string[] = [];
    for (const ingress of ingresses) {
      const world = ingress.cidrs.filter(isWorldCidr);
      if (world.length === 0) continue;
      if (isLoadBalancerGroup && allowedForLoadBalancer(ingress)) continue;
      problems.push(
        `${ingress.where} admits ${portText(ingress)} from ${world.join(", ")}` +
          (isLoadBalancerGroup ? ` (load-balancer groups may only open TCP ${LOAD_BALANCER_PUBLIC_PORTS.join("/")})` : " (host group)"),
      );
    }
    return violations(problems);
  },
};
