import { Construct } from "constructs";
import { Token } from "../framework/cdktf";
import { Lb } from "../framework/provider-aws";
import { LbListener } from "../framework/provider-aws";
import { SecurityGroup } from "../framework/provider-aws";
import { VpcSecurityGroupEgressRule } from "../framework/provider-aws";
import { VpcSecurityGroupIngressRule } from "../framework/provider-aws";
import { SECURITY_GROUP_ROLE_LOAD_BALANCER, SECURITY_GROUP_ROLE_TAG } from "./security-group-roles";
import { fitPrefix } from "./names";

/** Host ports Docker picks from for dynamic port mappings (hostPort 0) on ECS-optimized AMIs. */
export const EPHEMERAL_PORTS = { from: 32768, to: 65535 } as const;

export interface LoadBalancerProps {
  /** Load balancer name (32 characters at most; longer names are shortened). */
  readonly name: string;
  readonly vpcId: string;
  /** At least two subnets in different Availability Zones. */
  readonly subnetIds: string[];
  /** @default false - internet-facing */
  readonly internal?: boolean;
  /** Who may reach the listeners. @default ["0.0.0.0/0"] */
  readonly ingressCidrs?: string[];
  /** ACM certificate; adds an HTTPS listener on 443 and makes port 80 redirect to it. @default - HTTP only */
  readonly certificateArn?: string;
  /** @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
  readonly sslPolicy?: string;
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
}

/**
 * An Application Load Balancer with its security group and listeners. Services attach to
 * `listener` with listener rules; requests nothing matches get a 404.
 */
export class LoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  public readonly securityGroup: SecurityGroup;
  /** The listener services attach their rules to: HTTPS when a certificate is set, else HTTP. */
  public readonly listener: LbListener;
  private readonly hostGroups = new Set<string>();

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    // CreateLoadBalancer: the name "must not begin with internal-", and an Application Load
    // Balancer needs subnets in at least two Availability Zones (at least two subnets).
    this.node.addValidation({
      validate: () => [
        ...(fitPrefix(props.name, 32).startsWith("internal-") ? [`name (${JSON.stringify(props.name)}) must not begin with "internal-"`] : []),
        // A Terraform variable (module mode) is one list token here: its length is known at apply.
        ...(!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2
          ? [`subnetIds (${props.subnetIds.length}) must name at least two subnets in different Availability Zones`]
          : []),
      ],
    });
    // A CIDR listed twice opens the same ports once.
    const ingressCidrs = [...new Set(props.ingressCidrs ?? ["0.0.0.0/0"])];
    const https = props.certificateArn !== undefined;

    this.securityGroup = new SecurityGroup(this, "security-group", {
      namePrefix: `${fitPrefix(`${props.name}-alb`, 99)}-`,
      description: `Load balancer ${props.name}: listener ports from the configured networks`,
      vpcId: props.vpcId,
      tags: { [SECURITY_GROUP_ROLE_TAG]: SECURITY_GROUP_ROLE_LOAD_BALANCER },
      lifecycle: { createBeforeDestroy: true },
    });
    for (const port of https ? [80, 443] : [80]) {
      for (const cidr of ingressCidrs) {
        const v6 = cidr.includes(":");
        new VpcSecurityGroupIngressRule(this, `ingress-${port}-${cidr.replace(/[^0-9a-fA-F]+/g, "-")}`, {
          securityGroupId: this.securityGroup.id,
          description: `Listener port ${port}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: v6 ? undefined : cidr,
          cidrIpv6: v6 ? cidr : undefined,
        });
      }
    }

    this.loadBalancer = new Lb(this, "alb", {
      name: fitPrefix(props.name, 32),
      loadBalancerType: "application",
      internal: props.internal ?? false,
      subnets: props.subnetIds,
      securityGroups: [this.securityGroup.id],
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      dropInvalidHeaderFields: true,
    });

    const notFound = { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } };
    if (https) {
      this.listener = new LbListener(this, "https", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        certificateArn: props.certificateArn,
        sslPolicy: props.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
        defaultAction: [notFound],
      });
      new LbListener(this, "http", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      });
    } else {
      this.listener = new LbListener(this, "http", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [notFound],
      });
    }
  }

  /**
   * Opens the path from this load balancer to the hosts' ports (by default the ephemeral range
   * that dynamic host ports come from), and nothing else.
   */
  public allowToHosts(hostSecurityGroup: SecurityGroup, ports: { from: number; to: number } = EPHEMERAL_PORTS): void {
    const key = `${ports.from}-${ports.to}`;
    if (this.hostGroups.has(key)) return;
    this.hostGroups.add(key);
    new VpcSecurityGroupEgressRule(this, `to-hosts-${key}`, {
      securityGroupId: this.securityGroup.id,
      description: `To container host ports ${key}`,
      ipProtocol: "tcp",
      fromPort: ports.from,
      toPort: ports.to,
      referencedSecurityGroupId: hostSecurityGroup.id,
    });
    new VpcSecurityGroupIngressRule(this, `hosts-from-alb-${key}`, {
      securityGroupId: hostSecurityGroup.id,
      description: `From load balancer ${this.node.id} to container host ports ${key}`,
      ipProtocol: "tcp",
      fromPort: ports.from,
      toPort: ports.to,
      referencedSecurityGroupId: this.securityGroup.id,
    });
  }
}
