import { awsName } from "../../config/validate/aws-names";
import { SecurityGroup } from "../../framework/provider-aws";
import { EPHEMERAL_PORTS, LoadBalancer, LoadBalancerProps } from "../../modules/load-balancer";
import { SECURITY_GROUP_ROLE_LOAD_BALANCER, SECURITY_GROUP_ROLE_TAG } from "../../rules/types";
import { block, blocks, ref, stack, synth } from "./helpers";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const props = (extra: Partial<LoadBalancerProps> = {}): LoadBalancerProps => ({
  name: "demo-public",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
  ...extra,
});

function build(extra: Partial<LoadBalancerProps> = {}, use?: (lb: LoadBalancer, hosts: SecurityGroup) => void) {
  const s = stack();
  const lb = new LoadBalancer(s, "lb", props(extra));
  const hosts = new SecurityGroup(s, "hosts", { vpcId: "vpc-0123456789abcdef0" });
  use?.(lb, hosts);
  return { lb, hosts, json: synth(s) };
}

const ingress = (json: any) => blocks(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.cidr_ipv4 || r.cidr_ipv6);
const notFound = { type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404", message_body: "Not found" } };

describe("LoadBalancer defaults", () => {
  const { lb, json } = build();

  test("an internet-facing ALB in the given subnets: 60 s idle timeout, invalid header fields dropped", () => {
    expect(block(json, lb.loadBalancer)).toEqual({
      name: "demo-public",
      load_balancer_type: "application",
      internal: false,
      subnets: props().subnetIds,
      security_groups: [ref(lb.securityGroup, "id")],
      idle_timeout: 60,
      drop_invalid_header_fields: true,
    });
  });

  test("HTTP only: port 80 open to 0.0.0.0/0, the one listener answers 404 to requests no rule matches", () => {
    expect(ingress(json)).toEqual([
      { security_group_id: ref(lb.securityGroup, "id"), description: "Listener port 80", ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "0.0.0.0/0" },
    ]);
    expect(blocks(json, "aws_lb_listener")).toEqual([{ load_balancer_arn: ref(lb.loadBalancer, "arn"), port: 80, protocol: "HTTP", default_action: [notFound] }]);
    expect(block(json, lb.listener).port).toBe(80);
  });

  // rules/ find the load balancer's group by this tag (rules/types.ts).
  test("its security group: replaced before destroyed, tagged as the load balancer's, no egress until allowToHosts", () => {
    expect(block(json, lb.securityGroup)).toEqual(
      expect.objectContaining({
        name_prefix: "demo-public-alb-",
        vpc_id: "vpc-0123456789abcdef0",
        tags: { [SECURITY_GROUP_ROLE_TAG]: SECURITY_GROUP_ROLE_LOAD_BALANCER },
        lifecycle: { create_before_destroy: true },
      }),
    );
    expect(blocks(json, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });
});

describe("LoadBalancer props", () => {
  test("internal and idleTimeoutSeconds reach the ALB", () => {
    const { lb, json } = build({ internal: true, idleTimeoutSeconds: 300 });
    expect(block(json, lb.loadBalancer)).toEqual(expect.objectContaining({ internal: true, idle_timeout: 300 }));
  });

  test("a network listed twice opens each port once", () => {
    const { json } = build({ ingressCidrs: ["10.0.0.0/8", "10.0.0.0/8"] });
    expect(ingress(json).map((r) => [r.from_port, r.cidr_ipv4])).toEqual([[80, "10.0.0.0/8"]]);
  });

  test("ingressCidrs: each listener port opens to each network, IPv6 ones as cidr_ipv6", () => {
    const { json } = build({ ingressCidrs: ["10.0.0.0/8", "2001:db8::/32"], certificateArn: CERT });
    const rules = ingress(json).map((r) => [r.from_port, r.to_port, r.cidr_ipv4 ?? null, r.cidr_ipv6 ?? null]);
    expect(rules).toHaveLength(4);
    expect(rules).toEqual(
      expect.arrayContaining([
        [80, 80, "10.0.0.0/8", null],
        [80, 80, null, "2001:db8::/32"],
        [443, 443, "10.0.0.0/8", null],
        [443, 443, null, "2001:db8::/32"],
      ]),
    );
  });

  // ELBSecurityPolicy-TLS13-1-2-2021-06 is the ALB console's default, TLS 1.3 and 1.2
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
  test("certificateArn: rules attach to HTTPS on 443 with the TLS 1.3/1.2 policy; 80 only redirects", () => {
    const { lb, json } = build({ certificateArn: CERT });
    expect(block(json, lb.listener)).toEqual({
      load_balancer_arn: ref(lb.loadBalancer, "arn"),
      port: 443,
      protocol: "HTTPS",
      certificate_arn: CERT,
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      default_action: [notFound],
    });
    const http = blocks(json, "aws_lb_listener").find((l) => l.port === 80);
    expect(http.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
  });

  test("sslPolicy replaces the default TLS policy", () => {
    const { lb, json } = build({ certificateArn: CERT, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
    expect(block(json, lb.listener).ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
  });

  // ALB names: at most 32 characters, letters, digits and hyphens, no hyphen at either end
  // (config/validate/aws-names.ts, from API_CreateLoadBalancer).
  test("a name longer than 32 characters is cut to 32 without a trailing hyphen", () => {
    const { lb, json } = build({ name: `${"a".repeat(31)}-public` });
    expect(block(json, lb.loadBalancer).name).toBe("a".repeat(31));
    expect(awsName("loadBalancer", block(json, lb.loadBalancer).name)).toBeUndefined();
    expect(awsName("securityGroup", block(json, lb.securityGroup).name_prefix, { prefix: true })).toBeUndefined();
  });
});

describe("LoadBalancer.allowToHosts", () => {
  test("opens the ephemeral range (32768-65535) from the load balancer's group to the hosts' group and back, by group reference only", () => {
    const { lb, hosts, json } = build({}, (lb, hosts) => lb.allowToHosts(hosts));
    expect(EPHEMERAL_PORTS).toEqual({ from: 32768, to: 65535 });
    expect(blocks(json, "aws_vpc_security_group_egress_rule")).toEqual([
      {
        security_group_id: ref(lb.securityGroup, "id"),
        description: "To container host ports 32768-65535",
        ip_protocol: "tcp",
        from_port: 32768,
        to_port: 65535,
        referenced_security_group_id: ref(hosts, "id"),
      },
    ]);
    expect(blocks(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === ref(hosts, "id"))).toEqual([
      {
        security_group_id: ref(hosts, "id"),
        description: "From load balancer lb to container host ports 32768-65535",
        ip_protocol: "tcp",
        from_port: 32768,
        to_port: 65535,
        referenced_security_group_id: ref(lb.securityGroup, "id"),
      },
    ]);
  });

  test("adds each port range once, however often it is asked for", () => {
    const { json } = build({}, (lb, hosts) => {
      lb.allowToHosts(hosts);
      lb.allowToHosts(hosts);
      lb.allowToHosts(hosts, { from: 8080, to: 8080 });
      lb.allowToHosts(hosts, { from: 8080, to: 8080 });
    });
    expect(blocks(json, "aws_vpc_security_group_egress_rule").map((r) => [r.from_port, r.to_port])).toEqual([
      [32768, 65535],
      [8080, 8080],
    ]);
    expect(blocks(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.referenced_security_group_id)).toHaveLength(2);
  });
});

// CreateLoadBalancer: Name "must not begin with internal-"; an Application Load Balancer needs
// subnets from at least two Availability Zones.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
describe("LoadBalancer refuses at synth (node.addValidation)", () => {
  test.each([
    [{ name: "internal-api" }, 'name ("internal-api") must not begin with "internal-"'],
    [{ subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"] }, "subnetIds (1) must name at least two subnets in different Availability Zones"],
  ])("%j", (extra, message) => {
    const s = stack();
    expect(new LoadBalancer(s, "lb", props(extra)).node.validate()).toEqual([message]);
  });

  test("accepts a name that only contains internal- later on", () => {
    expect(new LoadBalancer(stack(), "lb", props({ name: "api-internal-x" })).node.validate()).toEqual([]);
  });
});
