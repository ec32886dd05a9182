import {
  albDropInvalidHeaders,
  albHttpRedirectsToHttps,
  albTlsPolicy,
  allRules,
  containerInsights,
  defaultRuleOptions,
  ebsEncrypted,
  ecsTaskRoleScopedSecrets,
  iamNoAdmin,
  imdsHopLimit,
  imdsv2Required,
  logGroupRetention,
  noLaunchConfiguration,
  noPublicIp,
  securityGroupNoWorldIngress,
  taskNoHostNetwork,
  taskNoHostPidIpc,
  taskNoPrivileged,
  taskSecretsNotInEnvironment,
  SECURITY_GROUP_ROLE_TAG,
  type Rule,
  type RuleOptions,
} from "../../rules";

type Expected = "compliant" | "not-applicable" | { violation: RegExp };

interface Case {
  name: string;
  type: string;
  attributes: Record<string, any>;
  address?: string;
  options?: Partial<RuleOptions>;
  expected: Expected;
}

const violation = (pattern: RegExp): Expected => ({ violation: pattern });

function runCases(rule: Rule, cases: Case[]): void {
  describe(rule.id, () => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const address = c.address ?? `${c.type}.example`;
      const result = rule.check({ type: c.type, address, attributes: c.attributes }, defaultRuleOptions(c.options));
      if (typeof c.expected === "string") {
        expect(result).toEqual(c.expected);
      } else {
        expect(result).toEqual({ violation: expect.stringMatching(c.expected.violation) });
      }
    });
  });
}

const json = (v: unknown) => JSON.stringify(v);
const taskDef = (containers: unknown[], extra: Record<string, any> = {}) => ({
  family: "web",
  container_definitions: json(containers),
  ...extra,
});
const ecsTrust = json({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const policy = (...statements: Record<string, unknown>[]) => json({ Version: "2012-10-17", Statement: statements });

describe("rule catalogue", () => {
  test("every rule has a unique id, a level, types, a message and an explanation citing a control", () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^ECS-EC2-[A-Z0-9-]+$/);
      expect(["error", "warning"]).toContain(rule.level);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      expect(rule.message.length).toBeGreaterThan(10);
      expect(rule.explanation).toMatch(/FSBP|Security Hub|cdk-nag|best-practices/);
    }
  });
});

runCases(imdsv2Required, [
  { name: "launch template requiring tokens is compliant", type: "aws_launch_template", attributes: { metadata_options: { http_tokens: "required" } }, expected: "compliant" },
  {
    name: "metadata_options written as a single-element array is read",
    type: "aws_launch_template",
    attributes: { metadata_options: [{ http_tokens: "required" }] },
    expected: "compliant",
  },
  { name: "launch template without metadata_options allows IMDSv1", type: "aws_launch_template", attributes: { image_id: "ami-1" }, expected: violation(/not set/) },
  { name: "http_tokens optional is a violation", type: "aws_launch_template", attributes: { metadata_options: { http_tokens: "optional" } }, expected: violation(/"optional"/) },
  { name: "disabled metadata endpoint is compliant", type: "aws_launch_template", attributes: { metadata_options: { http_endpoint: "disabled" } }, expected: "compliant" },
  {
    name: "interpolated http_tokens is treated as unknown",
    type: "aws_launch_template",
    attributes: { metadata_options: { http_tokens: "${var.tokens}" } },
    expected: "compliant",
  },
  {
    name: "launch configuration requiring tokens is compliant",
    type: "aws_launch_configuration",
    attributes: { metadata_options: { http_tokens: "required" } },
    expected: "compliant",
  },
  { name: "launch configuration without metadata_options is a violation", type: "aws_launch_configuration", attributes: {}, expected: violation(/http_tokens/) },
]);

runCases(imdsHopLimit, [
  {
    name: "hop limit 1 is compliant",
    type: "aws_launch_template",
    attributes: { metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 } },
    expected: "compliant",
  },
  { name: "default hop limit is compliant", type: "aws_launch_template", attributes: {}, expected: "compliant" },
  {
    name: "hop limit 2 lets containers reach IMDS",
    type: "aws_launch_template",
    attributes: { metadata_options: { http_put_response_hop_limit: 2 } },
    expected: violation(/is 2/),
  },
  {
    name: "hop limit given as a string is read",
    type: "aws_launch_configuration",
    attributes: { metadata_options: { http_put_response_hop_limit: "3" } },
    expected: violation(/is 3/),
  },
]);

runCases(ebsEncrypted, [
  {
    name: "encrypted launch template volume (string boolean) is compliant",
    type: "aws_launch_template",
    attributes: { block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", volume_size: 30 } }] },
    expected: "compliant",
  },
  {
    name: "unencrypted launch template volume is a violation naming the device",
    type: "aws_launch_template",
    attributes: { block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "false" } }] },
    expected: violation(/\/dev\/xvda.*false/),
  },
  {
    name: "launch template volume without encrypted is a violation",
    type: "aws_launch_template",
    attributes: { block_device_mappings: { device_name: "/dev/xvdb", ebs: { volume_size: 100 } } },
    expected: violation(/not set/),
  },
  {
    name: "instance store mapping is ignored",
    type: "aws_launch_template",
    attributes: { block_device_mappings: [{ device_name: "/dev/sdb", virtual_name: "ephemeral0" }] },
    expected: "compliant",
  },
  { name: "launch template without mappings is not applicable", type: "aws_launch_template", attributes: {}, expected: "not-applicable" },
  {
    name: "encrypted launch configuration devices are compliant",
    type: "aws_launch_configuration",
    attributes: { root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }] },
    expected: "compliant",
  },
  {
    name: "unencrypted launch configuration ebs device is a violation",
    type: "aws_launch_configuration",
    attributes: { root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: "/dev/sdf", encrypted: false }] },
    expected: violation(/ebs_block_device\[0\]/),
  },
  {
    name: "launch configuration root device without encryption is a violation",
    type: "aws_launch_configuration",
    attributes: { root_block_device: [{ volume_size: 30 }] },
    expected: violation(/root_block_device/),
  },
]);

runCases(noPublicIp, [
  {
    name: "launch template interface without public IP is compliant",
    type: "aws_launch_template",
    attributes: { network_interfaces: [{ associate_public_ip_address: "false" }] },
    expected: "compliant",
  },
  { name: "launch template without interfaces is compliant", type: "aws_launch_template", attributes: {}, expected: "compliant" },
  {
    name: "launch template interface with public IP is a violation",
    type: "aws_launch_template",
    attributes: { network_interfaces: [{ associate_public_ip_address: "true" }] },
    expected: violation(/network_interfaces\[0\]/),
  },
  {
    name: "launch configuration with public IP is a violation",
    type: "aws_launch_configuration",
    attributes: { associate_public_ip_address: true },
    expected: violation(/associate_public_ip_address/),
  },
  { name: "launch configuration without public IP is compliant", type: "aws_launch_configuration", attributes: { associate_public_ip_address: false }, expected: "compliant" },
]);

runCases(noLaunchConfiguration, [
  { name: "any launch configuration is reported", type: "aws_launch_configuration", attributes: { image_id: "ami-1" }, expected: violation(/launch_template/) },
]);

const lbTags = { [SECURITY_GROUP_ROLE_TAG]: "load-balancer" };
const hostTags = { [SECURITY_GROUP_ROLE_TAG]: "hosts" };
const world = (from: number, to = from, protocol = "tcp") => ({ from_port: from, to_port: to, protocol, cidr_blocks: ["0.0.0.0/0"] });
runCases(securityGroupNoWorldIngress, [
  {
    name: "host group admitting only the load balancer group is compliant",
    type: "aws_security_group",
    attributes: { tags: hostTags, ingress: [{ from_port: 32768, to_port: 65535, protocol: "tcp", security_groups: ["${aws_security_group.lb.id}"] }] },
    expected: "compliant",
  },
  {
    name: "host group open to 0.0.0.0/0 is a violation",
    type: "aws_security_group",
    attributes: { tags: hostTags, ingress: [world(22)] },
    expected: violation(/tcp\/22 from 0\.0\.0\.0\/0 \(host group\)/),
  },
  {
    name: "untagged group open to ::/0 counts as a host group",
    type: "aws_security_group",
    attributes: { ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", ipv6_cidr_blocks: ["::/0"] }] },
    expected: violation(/::\/0/),
  },
  {
    name: "load-balancer group open on 80 and 443 is compliant",
    type: "aws_security_group",
    attributes: { tags: lbTags, ingress: [world(80), world(443), { ...world(443), cidr_blocks: null, ipv6_cidr_blocks: ["::/0"] }] },
    expected: "compliant",
  },
  {
    name: "load-balancer group open on all traffic is a violation",
    type: "aws_security_group",
    attributes: { tags: lbTags, ingress: [world(0, 0, "-1")] },
    expected: violation(/all traffic/),
  },
  {
    name: "load-balancer group open on a port range is a violation",
    type: "aws_security_group",
    attributes: { tags: lbTags, ingress: [world(80, 443)] },
    expected: violation(/tcp\/80-443/),
  },
  { name: "group without ingress is not applicable", type: "aws_security_group", attributes: { egress: [world(0, 0, "-1")] }, expected: "not-applicable" },
  {
    name: "vpc ingress rule takes the role of the referenced load-balancer group",
    type: "aws_vpc_security_group_ingress_rule",
    attributes: { security_group_id: "${aws_security_group.lb.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 443, to_port: 443 },
    options: { securityGroupRoles: new Map([["aws_security_group.lb", "load-balancer"]]) },
    expected: "compliant",
  },
  {
    name: "vpc ingress rule to a host group from the world is a violation",
    type: "aws_vpc_security_group_ingress_rule",
    attributes: { security_group_id: "${aws_security_group.hosts.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 443, to_port: 443 },
    options: { securityGroupRoles: new Map([["aws_security_group.hosts", "hosts"]]) },
    expected: violation(/host group/),
  },
  {
    name: "vpc ingress rule tagged load-balancer itself is compliant on 80",
    type: "aws_vpc_security_group_ingress_rule",
    attributes: { security_group_id: "sg-123", cidr_ipv6: "::/0", ip_protocol: "tcp", from_port: 80, to_port: 80, tags: lbTags },
    expected: "compliant",
  },
  {
    name: "vpc ingress rule from a private CIDR is compliant",
    type: "aws_vpc_security_group_ingress_rule",
    attributes: { security_group_id: "sg-123", cidr_ipv4: "10.0.0.0/16", ip_protocol: "-1" },
    expected: "compliant",
  },
  {
    name: "security_group_rule egress to the world is not checked",
    type: "aws_security_group_rule",
    attributes: { type: "egress", security_group_id: "sg-1", cidr_blocks: ["0.0.0.0/0"], protocol: "-1", from_port: 0, to_port: 0 },
    expected: "not-applicable",
  },
  {
    name: "security_group_rule ingress from the world to a host group is a violation",
    type: "aws_security_group_rule",
    attributes: { type: "ingress", security_group_id: "${aws_security_group.hosts.id}", cidr_blocks: ["0.0.0.0/0"], protocol: "tcp", from_port: 22, to_port: 22 },
    expected: violation(/tcp\/22/),
  },
  {
    name: "interpolated CIDR is treated as unknown",
    type: "aws_security_group_rule",
    attributes: { type: "ingress", security_group_id: "sg-1", cidr_blocks: ["${var.admin_cidr}"], protocol: "tcp", from_port: 22, to_port: 22 },
    expected: "compliant",
  },
]);

runCases(albDropInvalidHeaders, [
  { name: "ALB dropping invalid headers is compliant", type: "aws_lb", attributes: { load_balancer_type: "application", drop_invalid_header_fields: true }, expected: "compliant" },
  { name: "ALB with string true is compliant", type: "aws_alb", attributes: { drop_invalid_header_fields: "true" }, expected: "compliant" },
  { name: "ALB without the setting is a violation (type defaults to application)", type: "aws_lb", attributes: { internal: false }, expected: violation(/not set/) },
  {
    name: "ALB with the setting false is a violation",
    type: "aws_lb",
    attributes: { load_balancer_type: "application", drop_invalid_header_fields: false },
    expected: violation(/false/),
  },
  { name: "network load balancer is not applicable", type: "aws_lb", attributes: { load_balancer_type: "network" }, expected: "not-applicable" },
]);

const httpsLbs = { httpsLoadBalancers: new Set(["aws_lb.web"]) };
const httpListener = (defaultAction: unknown) => ({ load_balancer_arn: "${aws_lb.web.arn}", port: 80, protocol: "HTTP", default_action: defaultAction });
runCases(albHttpRedirectsToHttps, [
  {
    name: "HTTP listener redirecting to HTTPS is compliant",
    type: "aws_lb_listener",
    attributes: httpListener([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]),
    options: httpsLbs,
    expected: "compliant",
  },
  {
    name: "HTTP listener forwarding on a load balancer with HTTPS is a violation",
    type: "aws_lb_listener",
    attributes: httpListener([{ type: "forward", target_group_arn: "${aws_lb_target_group.web.arn}" }]),
    options: httpsLbs,
    expected: violation(/"forward"/),
  },
  {
    name: "redirect keeping the protocol is a violation",
    type: "aws_lb_listener",
    attributes: httpListener({ type: "redirect", redirect: { port: "8080", status_code: "HTTP_302" } }),
    options: httpsLbs,
    expected: violation(/#\{protocol\}/),
  },
  {
    name: "HTTP listener on a load balancer without HTTPS listener is not applicable",
    type: "aws_lb_listener",
    attributes: httpListener([{ type: "forward", target_group_arn: "x" }]),
    expected: "not-applicable",
  },
  { name: "HTTPS listener is not applicable", type: "aws_lb_listener", attributes: { ...httpListener([]), protocol: "HTTPS" }, options: httpsLbs, expected: "not-applicable" },
]);

runCases(albTlsPolicy, [
  {
    name: "HTTPS listener with a TLS 1.3/1.2 policy is compliant",
    type: "aws_lb_listener",
    attributes: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
    expected: "compliant",
  },
  {
    name: "HTTPS listener with the 2016-08 policy is a violation",
    type: "aws_lb_listener",
    attributes: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-2016-08" },
    expected: violation(/^ssl_policy "ELBSecurityPolicy-2016-08" accepts TLS 1\.0 and 1\.1$/),
  },
  {
    name: "HTTPS listener with a TLS 1.1 policy is a violation naming TLS 1.1",
    type: "aws_lb_listener",
    attributes: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-1-2021-06" },
    expected: violation(/^ssl_policy "ELBSecurityPolicy-TLS13-1-1-2021-06" accepts TLS 1\.1$/),
  },
  {
    name: "HTTPS listener with a policy name ELB does not know is a violation saying so, not a TLS version",
    type: "aws_lb_listener",
    attributes: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-6" },
    expected: violation(/^ssl_policy "ELBSecurityPolicy-TLS13-1-2-2021-6" is not a predefined ELB security policy; CreateListener refuses it$/),
  },
  {
    name: "HTTPS listener without ssl_policy is a violation",
    type: "aws_lb_listener",
    attributes: { protocol: "HTTPS" },
    expected: violation(/not set: the listener gets the API default ELBSecurityPolicy-2016-08, which accepts TLS 1\.0 and 1\.1/),
  },
  { name: "HTTP listener is not applicable", type: "aws_lb_listener", attributes: { protocol: "HTTP" }, expected: "not-applicable" },
]);

runCases(logGroupRetention, [
  { name: "log group with 30 days retention is compliant", type: "aws_cloudwatch_log_group", attributes: { name: "/ecs/web", retention_in_days: 30 }, expected: "compliant" },
  { name: "log group without retention is a violation", type: "aws_cloudwatch_log_group", attributes: { name: "/ecs/web" }, expected: violation(/not set/) },
  { name: "log group with retention 0 is a violation", type: "aws_cloudwatch_log_group", attributes: { retention_in_days: 0 }, expected: violation(/is 0/) },
  { name: "interpolated retention is treated as unknown", type: "aws_cloudwatch_log_group", attributes: { retention_in_days: "${var.retention}" }, expected: "compliant" },
]);

runCases(containerInsights, [
  {
    name: "cluster with containerInsights enabled is compliant",
    type: "aws_ecs_cluster",
    attributes: { setting: [{ name: "containerInsights", value: "enabled" }] },
    expected: "compliant",
  },
  {
    name: "cluster with containerInsights enhanced (single block object) is compliant",
    type: "aws_ecs_cluster",
    attributes: { setting: { name: "containerInsights", value: "enhanced" } },
    expected: "compliant",
  },
  { name: "cluster without setting is a violation", type: "aws_ecs_cluster", attributes: { name: "main" }, expected: violation(/no containerInsights/) },
  {
    name: "cluster with containerInsights disabled is a violation",
    type: "aws_ecs_cluster",
    attributes: { setting: [{ name: "containerInsights", value: "disabled" }] },
    expected: violation(/"disabled"/),
  },
]);

runCases(taskNoPrivileged, [
  { name: "unprivileged containers are compliant", type: "aws_ecs_task_definition", attributes: taskDef([{ name: "web", image: "nginx" }]), expected: "compliant" },
  {
    name: "privileged container is a violation naming it",
    type: "aws_ecs_task_definition",
    attributes: taskDef([
      { name: "web", image: "nginx" },
      { name: "agent", image: "x", privileged: true },
    ]),
    expected: violation(/container "agent"/),
  },
  {
    name: "privileged container is not applicable when allowed",
    type: "aws_ecs_task_definition",
    attributes: taskDef([{ name: "agent", privileged: true }]),
    options: { allow: { privilegedContainers: true, hostNetworkMode: false } },
    expected: "not-applicable",
  },
  {
    name: "unparseable container definitions are treated as unknown",
    type: "aws_ecs_task_definition",
    attributes: { container_definitions: "${jsonencode(local.containers)}" },
    expected: "compliant",
  },
]);

runCases(taskNoHostNetwork, [
  { name: "bridge network mode is compliant", type: "aws_ecs_task_definition", attributes: taskDef([], { network_mode: "bridge" }), expected: "compliant" },
  { name: "host network mode is a violation", type: "aws_ecs_task_definition", attributes: taskDef([], { network_mode: "host" }), expected: violation(/host/) },
  {
    name: "host network mode is not applicable when allowed",
    type: "aws_ecs_task_definition",
    attributes: taskDef([], { network_mode: "host" }),
    options: { allow: { privilegedContainers: false, hostNetworkMode: true } },
    expected: "not-applicable",
  },
]);

runCases(taskNoHostPidIpc, [
  { name: "pid_mode task is compliant", type: "aws_ecs_task_definition", attributes: taskDef([], { pid_mode: "task" }), expected: "compliant" },
  { name: "host pid mode is a violation", type: "aws_ecs_task_definition", attributes: taskDef([], { pid_mode: "host" }), expected: violation(/pid_mode/) },
  { name: "host ipc mode is a violation", type: "aws_ecs_task_definition", attributes: taskDef([], { ipc_mode: "host" }), expected: violation(/ipc_mode/) },
]);

runCases(taskSecretsNotInEnvironment, [
  {
    name: "secrets passed via secrets and plain config via environment are compliant",
    type: "aws_ecs_task_definition",
    attributes: taskDef([
      {
        name: "web",
        environment: [
          { name: "LOG_LEVEL", value: "info" },
          { name: "DB_PASSWORD_SECRET_ARN", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
        ],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }],
      },
    ]),
    expected: "compliant",
  },
  {
    name: "password in a plain environment variable is a violation",
    type: "aws_ecs_task_definition",
    attributes: taskDef([
      {
        name: "web",
        environment: [
          { name: "DB_PASSWORD", value: "hunter2" },
          { name: "stripe_api_key", value: "sk_live_x" },
        ],
      },
    ]),
    expected: violation(/DB_PASSWORD.*stripe_api_key/),
  },
  {
    name: "reference to a secret resource in a secret-named variable is compliant",
    type: "aws_ecs_task_definition",
    attributes: taskDef([{ name: "web", environment: [{ name: "AUTH_TOKEN", value: "${aws_secretsmanager_secret.auth.arn}" }] }]),
    expected: "compliant",
  },
]);

runCases(iamNoAdmin, [
  {
    name: "scoped policy is compliant",
    type: "aws_iam_policy",
    attributes: { policy: policy({ Effect: "Allow", Action: ["ecs:DescribeClusters"], Resource: "*" }) },
    expected: "compliant",
  },
  {
    name: "Action * on Resource * is a violation",
    type: "aws_iam_policy",
    attributes: { policy: policy({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }) },
    expected: violation(/Statement\[0\] \(All\)/),
  },
  { name: "Deny * on * is compliant", type: "aws_iam_role_policy", attributes: { policy: policy({ Effect: "Deny", Action: "*", Resource: "*" }) }, expected: "compliant" },
  {
    name: "inline role policy with *:* is a violation",
    type: "aws_iam_role",
    attributes: { assume_role_policy: ecsTrust, inline_policy: [{ name: "admin", policy: policy({ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }) }] },
    expected: violation(/inline_policy\[0\] \(admin\)/),
  },
  {
    name: "Allow NotAction on * is a violation",
    type: "aws_iam_policy",
    attributes: { policy: policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
    expected: violation(/NotAction/),
  },
  {
    name: "policy from an aws_iam_policy_document data source is resolved",
    type: "aws_iam_policy",
    attributes: { policy: "${data.aws_iam_policy_document.admin.json}" },
    options: { policyDocuments: new Map([["data.aws_iam_policy_document.admin", { Statement: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] }]]) },
    expected: violation(/Action "\*"/),
  },
  { name: "role without inline policies is not applicable", type: "aws_iam_role", attributes: { assume_role_policy: ecsTrust }, expected: "not-applicable" },
]);

const taskRoles = { ecsTaskRoles: new Set(["aws_iam_role.exec"]) };
runCases(ecsTaskRoleScopedSecrets, [
  {
    name: "execution role reading named secrets is compliant",
    type: "aws_iam_role",
    address: "aws_iam_role.exec",
    attributes: {
      assume_role_policy: ecsTrust,
      inline_policy: [
        {
          name: "secrets",
          policy: policy({
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"],
            Resource: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "${aws_kms_key.k.arn}"],
          }),
        },
      ],
    },
    options: taskRoles,
    expected: "compliant",
  },
  {
    name: "execution role reading every secret is a violation",
    type: "aws_iam_role",
    address: "aws_iam_role.exec",
    attributes: {
      assume_role_policy: ecsTrust,
      inline_policy: [{ name: "secrets", policy: policy({ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "ssm:GetParameters"], Resource: "*" }) }],
    },
    options: taskRoles,
    expected: violation(/secretsmanager:GetSecretValue, ssm:GetParameters on an unscoped resource/),
  },
  {
    name: "wildcard actions on a wildcard ARN count as unscoped",
    type: "aws_iam_role_policy",
    attributes: { role: "${aws_iam_role.exec.name}", policy: policy({ Effect: "Allow", Action: "ssm:GetParameter*", Resource: "arn:aws:ssm:*:*:parameter/*" }) },
    options: taskRoles,
    expected: violation(/ssm:GetParameters/),
  },
  {
    name: "kms:Decrypt on * restricted by a condition is compliant",
    type: "aws_iam_role_policy",
    attributes: {
      role: "${aws_iam_role.exec.id}",
      policy: policy({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } }),
    },
    options: taskRoles,
    expected: "compliant",
  },
  {
    name: "roles not assumed by ECS tasks are not applicable",
    type: "aws_iam_role",
    address: "aws_iam_role.instance",
    attributes: { inline_policy: [{ name: "x", policy: policy({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }) }] },
    options: taskRoles,
    expected: "not-applicable",
  },
]);
