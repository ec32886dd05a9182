import * as fs from "node:fs";
import { Aspects, Testing, TerraformStack } from "../../framework/cdktf";
import { AwsProvider } from "../../framework/provider-aws";
import { LaunchTemplate } from "../../framework/provider-aws";
import { Lb } from "../../framework/provider-aws";
import { LbListener } from "../../framework/provider-aws";
import { SecurityGroup } from "../../framework/provider-aws";
import { VpcSecurityGroupIngressRule } from "../../framework/provider-aws";
import { IamRole } from "../../framework/provider-aws";
import { DataAwsIamPolicyDocument } from "../../framework/provider-aws";
import { CloudwatchLogGroup } from "../../framework/provider-aws";
import {
  SECURITY_GROUP_ROLE_HOSTS,
  SECURITY_GROUP_ROLE_LOAD_BALANCER,
  SECURITY_GROUP_ROLE_TAG,
  SecurityRulesAspect,
  formatFindings,
  type SecurityRulesAspectOptions,
} from "../../rules";

function stackWithInsecureLaunchTemplate(options?: SecurityRulesAspectOptions) {
  const stack = new TerraformStack(Testing.app(), "hosts");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const lt = new LaunchTemplate(stack, "hosts-lt", {
    imageId: "ami-12345678",
    instanceType: "t3.small",
    metadataOptions: { httpTokens: "optional" },
  });
  const aspect = new SecurityRulesAspect(options);
  Aspects.of(stack).add(aspect);
  return { stack, aspect, address: `aws_launch_template.${lt.friendlyUniqueId}` };
}

function errorAnnotations(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/error")
    .map((m) => String(m.data));
}

function fullSynth(stack: TerraformStack): void {
  fs.rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
}

describe("SecurityRulesAspect", () => {
  test("a launch template without IMDSv2 is reported as an error naming its address", () => {
    const { stack, aspect, address } = stackWithInsecureLaunchTemplate();
    Testing.synth(stack);

    expect(aspect.findings).toContainEqual(expect.objectContaining({ ruleId: "ECS-EC2-IMDSV2", level: "error", address, details: expect.stringContaining('"optional"') }));
    expect(aspect.hasErrors()).toBe(true);
    expect(errorAnnotations(stack)).toContainEqual(expect.stringMatching(new RegExp(`^${address.replace(/\./g, "\\.")} \\[ECS-EC2-IMDSV2\\]`)));
    expect(formatFindings(aspect.findings)).toMatch(/^Security rules: 1 error, 0 warnings, 0 suppressed\n {2}ERROR {6}aws_launch_template\.hosts-lt \[ECS-EC2-IMDSV2\]/);
  });

  test("the error fails a full synth (as app.synth() does) with the address and rule id", () => {
    const { stack } = stackWithInsecureLaunchTemplate();
    expect(() => fullSynth(stack)).toThrow(/Encountered Annotations with level "ERROR"[\s\S]*aws_launch_template\.hosts-lt \[ECS-EC2-IMDSV2\]/);
  });

  test("a suppression with a reason turns the error into a listed suppression", () => {
    const reason = "legacy AMI agent needs IMDSv1 until the 2025 host refresh";
    const { stack, aspect, address } = stackWithInsecureLaunchTemplate({
      suppressions: [{ ruleId: "ECS-EC2-IMDSV2", address: "aws_launch_template.hosts-*", reason }],
    });
    expect(() => fullSynth(stack)).not.toThrow();

    expect(aspect.findings).toEqual([expect.objectContaining({ ruleId: "ECS-EC2-IMDSV2", address, suppressed: reason })]);
    expect(aspect.hasErrors()).toBe(false);
    expect(errorAnnotations(stack)).toEqual([]);
    expect(aspect.unusedSuppressions()).toEqual([]);
    const summary = formatFindings(aspect.findings);
    expect(summary).toContain("0 errors, 0 warnings, 1 suppressed");
    expect(summary).toContain(`SUPPRESSED ${address} [ECS-EC2-IMDSV2]`);
    expect(summary).toContain(reason);
  });

  test("suppressions must name a known rule and give a reason", () => {
    expect(() => new SecurityRulesAspect({ suppressions: [{ ruleId: "ECS-EC2-IMDSV3", reason: "typo" }] })).toThrow(/unknown rule id/);
    expect(() => new SecurityRulesAspect({ suppressions: [{ ruleId: "ECS-EC2-IMDSV2", reason: " " }] })).toThrow(/needs a reason/);
  });

  test("a suppression for a resource type or another address does not hide other resources", () => {
    const { stack, aspect } = stackWithInsecureLaunchTemplate({
      suppressions: [
        { ruleId: "ECS-EC2-IMDSV2", address: "aws_launch_template.other", reason: "not this one" },
        { ruleId: "ECS-EC2-LOG-RETENTION", address: "aws_cloudwatch_log_group", reason: "unused" },
      ],
    });
    Testing.synth(stack);
    expect(aspect.hasErrors()).toBe(true);
    expect(aspect.unusedSuppressions().map((s) => s.reason)).toEqual(["not this one", "unused"]);
  });

  test("warnings are annotated as warnings and do not fail the synth", () => {
    const stack = new TerraformStack(Testing.app(), "logs");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new CloudwatchLogGroup(stack, "app-logs", { name: "/ecs/app" });
    const aspect = new SecurityRulesAspect();
    Aspects.of(stack).add(aspect);
    expect(() => fullSynth(stack)).not.toThrow();
    expect(aspect.findings).toEqual([expect.objectContaining({ ruleId: "ECS-EC2-LOG-RETENTION", level: "warning", address: "aws_cloudwatch_log_group.app-logs" })]);
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn");
    expect(warnings.map((m) => m.data)).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\.app-logs \[ECS-EC2-LOG-RETENTION\]/)]);
  });

  test("cross-resource facts: HTTPS listeners, security group roles and ECS task roles are collected from the stack", () => {
    const stack = new TerraformStack(Testing.app(), "web");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const lbGroup = new SecurityGroup(stack, "lb-sg", { tags: { [SECURITY_GROUP_ROLE_TAG]: SECURITY_GROUP_ROLE_LOAD_BALANCER } });
    const hostGroup = new SecurityGroup(stack, "hosts-sg", { tags: { [SECURITY_GROUP_ROLE_TAG]: SECURITY_GROUP_ROLE_HOSTS } });
    new VpcSecurityGroupIngressRule(stack, "lb-https", { securityGroupId: lbGroup.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 });
    new VpcSecurityGroupIngressRule(stack, "hosts-ssh", { securityGroupId: hostGroup.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22 });
    const lb = new Lb(stack, "web-lb", { loadBalancerType: "application", dropInvalidHeaderFields: true, securityGroups: [lbGroup.id] });
    new LbListener(stack, "https", {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
    });
    new LbListener(stack, "http", {
      loadBalancerArn: lb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
    });
    const trust = new DataAwsIamPolicyDocument(stack, "ecs-trust", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] }],
    });
    new IamRole(stack, "exec-role", {
      assumeRolePolicy: trust.json,
      inlinePolicy: [
        { name: "secrets", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }] }) },
      ],
    });
    const aspect = new SecurityRulesAspect();
    Aspects.of(stack).add(aspect);
    Testing.synth(stack);

    expect(aspect.findings.map((f) => `${f.ruleId} ${f.address}`).sort()).toEqual([
      "ECS-EC2-ALB-HTTP-REDIRECT aws_lb_listener.http",
      "ECS-EC2-SG-NO-WORLD-INGRESS aws_vpc_security_group_ingress_rule.hosts-ssh",
      "ECS-EC2-TASK-ROLE-SCOPED-SECRETS aws_iam_role.exec-role",
    ]);
  });

  test("options allow privileged containers and host network mode", async () => {
    const { EcsTaskDefinition } = await import("../../framework/provider-aws");
    const build = (options?: SecurityRulesAspectOptions) => {
      const stack = new TerraformStack(Testing.app(), "tasks");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      new EcsTaskDefinition(stack, "daemon", {
        family: "daemon",
        networkMode: "host",
        containerDefinitions: JSON.stringify([{ name: "agent", image: "agent:1", privileged: true, essential: true }]),
      });
      const aspect = new SecurityRulesAspect(options);
      Aspects.of(stack).add(aspect);
      Testing.synth(stack);
      return aspect.findings.map((f) => f.ruleId);
    };
    expect(build()).toEqual(["ECS-EC2-TASK-NO-PRIVILEGED", "ECS-EC2-TASK-NO-HOST-NETWORK"]);
    expect(build({ allow: { privilegedContainers: true, hostNetworkMode: true } })).toEqual([]);
  });
});
