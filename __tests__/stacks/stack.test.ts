import { configFrom, loadBundled, minimalYaml, resources, synthJson } from "../helpers/synth";

const defaultStack = synthJson(loadBundled("configs/default.yaml"));
const only = (json: any, type: string) => {
  const all = Object.values(resources(json, type));
  expect(all).toHaveLength(1);
  return all[0] as any;
};

describe("the default stack", () => {
  test("launches hosts on the recommended AL2023 ECS-optimized AMI, which EC2 reads from SSM at launch", () => {
    expect(only(defaultStack, "aws_launch_template").image_id).toBe("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
    expect(defaultStack.data?.aws_ssm_parameter).toBeUndefined();
  });

  test("requires IMDSv2 on the hosts", () => {
    expect(only(defaultStack, "aws_launch_template").metadata_options).toEqual(expect.objectContaining({ http_tokens: "required" }));
  });

  test("puts Docker on an encrypted 50 GiB gp3 root volume", () => {
    expect(only(defaultStack, "aws_launch_template").block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: expect.objectContaining({ volume_size: 50, volume_type: "gp3", encrypted: "true" }) },
    ]);
  });

  test("registers hosts with the cluster through ECS_CLUSTER in user data", () => {
    expect(only(defaultStack, "aws_launch_template").user_data).toContain("ECS_CLUSTER=demo");
  });

  test("turns Container Insights on", () => {
    expect(only(defaultStack, "aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  test("maps container ports to dynamic host ports so a rolling update fits on one host", () => {
    const td = Object.values<any>(resources(defaultStack, "aws_ecs_task_definition"))[0];
    expect(td.network_mode).toBe("bridge");
    const containers = JSON.parse(td.container_definitions);
    expect(containers[0].portMappings).toEqual([expect.objectContaining({ containerPort: 80, hostPort: 0 })]);
    expect(containers[0].logConfiguration).toEqual(expect.objectContaining({ logDriver: "awslogs", options: expect.objectContaining({ "awslogs-region": "eu-west-1" }) }));
  });

  test("registers instances in a target group whose replacement cannot collide on names", () => {
    const tg = Object.values<any>(resources(defaultStack, "aws_lb_target_group"))[0];
    expect(tg.target_type).toBe("instance");
    expect(tg.name_prefix).toMatch(/^[a-zA-Z0-9]{1,5}-$/);
    expect(tg.name).toBeUndefined();
    expect(tg.lifecycle).toEqual(expect.objectContaining({ create_before_destroy: true }));
  });

  test("lets hosts accept traffic only from the load balancer, only on the ephemeral port range", () => {
    const ingress = Object.values<any>(resources(defaultStack, "aws_vpc_security_group_ingress_rule"));
    const toHosts = ingress.filter((r) => r.security_group_id.includes("capacity"));
    expect(toHosts).toEqual([expect.objectContaining({ from_port: 32768, to_port: 65535, ip_protocol: "tcp", referenced_security_group_id: expect.stringMatching(/lb-public/) })]);
    expect(toHosts[0].cidr_ipv4).toBeUndefined();
  });

  test("stops a failing deployment and rolls it back", () => {
    const service = Object.values<any>(resources(defaultStack, "aws_ecs_service"))[0];
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
  });

  test("keeps container logs 30 days by default", () => {
    const groups = Object.values<any>(resources(defaultStack, "aws_cloudwatch_log_group"));
    expect(groups.find((g) => g.name === "/ecs/demo/web")).toEqual(expect.objectContaining({ retention_in_days: 30 }));
  });

  test("gives the hosts the ECS agent role and the tasks an execution role trusted by ecs-tasks", () => {
    const attachments = Object.values<any>(resources(defaultStack, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);
    expect(attachments).toEqual(
      expect.arrayContaining(["arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]),
    );
    const roles = Object.values<any>(resources(defaultStack, "aws_iam_role"));
    const trusted = roles.map((r) => JSON.parse(r.assume_role_policy).Statement[0].Principal.Service);
    expect(trusted).toEqual(expect.arrayContaining(["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]));
  });

  test("uses readable Terraform addresses derived from config names", () => {
    expect(Object.keys(defaultStack.resource.aws_ecs_service)).toEqual(["svc-web_service"]);
    expect(Object.keys(defaultStack.resource.aws_ecs_cluster)).toEqual(["cluster"]);
  });
});

describe("host capacity options", () => {
  test("a launch configuration, when asked for, keeps IMDSv2 and the Docker volume", () => {
    const json = synthJson(configFrom(minimalYaml("capacity:\n  launchMode: launch-configuration\n  dockerVolume: { sizeGiB: 80 }\n")));
    const lc = only(json, "aws_launch_configuration");
    expect(lc.metadata_options).toEqual(expect.objectContaining({ http_tokens: "required" }));
    expect(lc.root_block_device).toEqual(expect.objectContaining({ volume_size: 80, encrypted: true }));
    expect(lc.lifecycle).toEqual(expect.objectContaining({ create_before_destroy: true }));
    expect(json.resource.aws_launch_template).toBeUndefined();
  });

  test("the AL1 layout enlarges the separate /dev/xvdcz Docker volume", () => {
    const json = synthJson(configFrom(minimalYaml("capacity:\n  image: { family: al1 }\n  dockerVolume: { sizeGiB: 100 }\n")));
    expect(only(json, "aws_launch_template").block_device_mappings).toEqual([{ device_name: "/dev/xvdcz", ebs: expect.objectContaining({ volume_size: 100 }) }]);
  });

  test("Bottlerocket keeps containers on its /dev/xvdb data volume and reads TOML settings", () => {
    const json = synthJson(configFrom(minimalYaml("capacity:\n  image: { family: bottlerocket, architecture: arm64 }\n")));
    const lt = only(json, "aws_launch_template");
    expect(lt.block_device_mappings[0].device_name).toBe("/dev/xvdb");
    expect(lt.user_data).toContain("[settings.ecs]");
    expect(lt.image_id).toBe("resolve:ssm:/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id");
  });

  test("a pinned AMI id skips the SSM lookup", () => {
    const json = synthJson(configFrom(minimalYaml("capacity:\n  image: { id: ami-0123456789abcdef0 }\n")));
    expect(json.data?.aws_ssm_parameter).toBeUndefined();
    expect(only(json, "aws_launch_template").image_id).toBe("ami-0123456789abcdef0");
  });
});
