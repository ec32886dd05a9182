/**
 * The same promises as stack.test.ts, through cdktf's own jest matchers (snake_case keys; nested
 * blocks compared exactly, so nested parts are wrapped in expect.objectContaining).
 */
import { Testing } from "../../framework/cdktf";
// Types of the matchers setupJest adds (toHaveResourceWithProperties, ...).
import "../../framework/testing";
import { EcsCluster } from "../../framework/provider-aws";
import { EcsService } from "../../framework/provider-aws";
import { LaunchTemplate } from "../../framework/provider-aws";
import { LbTargetGroup } from "../../framework/provider-aws";
import { addStacks } from "../../stacks/app";
import { loadBundled } from "../helpers/synth";

Testing.setupJest();

const synthesized = Testing.synth(addStacks(Testing.app(), loadBundled("configs/default.yaml"))[0]);

describe("the default stack, through cdktf's matchers", () => {
  test("has a cluster with Container Insights", () => {
    expect(synthesized).toHaveResourceWithProperties(EcsCluster, {
      name: "demo",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });

  test("has a launch template requiring IMDSv2 with the Docker volume on /dev/xvda", () => {
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: expect.objectContaining({ http_tokens: "required" }),
      block_device_mappings: [expect.objectContaining({ device_name: "/dev/xvda" })],
    });
  });

  test("names the AL2023 SSM parameter as the image, for EC2 to read at launch", () => {
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      image_id: "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    });
  });

  test("has an instance-target group and a service with a circuit breaker", () => {
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, { target_type: "instance", protocol: "HTTP" });
    expect(synthesized).toHaveResourceWithProperties(EcsService, {
      name: "web",
      deployment_circuit_breaker: { enable: true, rollback: true },
    });
  });

  test("the matchers can fail: no service named api", () => {
    expect(synthesized).not.toHaveResourceWithProperties(EcsService, { name: "api" });
  });
});
