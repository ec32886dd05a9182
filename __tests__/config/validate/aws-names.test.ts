import { awsName } from "../../../config/validate/aws-names";

describe("awsName", () => {
  // "must not begin with internal-": https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
  test("an ALB name may not start with internal-, nor begin or end with a hyphen", () => {
    expect(awsName("loadBalancer", "internal-apps-public")).toBe('an Application Load Balancer name: AWS reserves the prefix "internal-"');
    expect(awsName("loadBalancer", "apps-")).toBe("an Application Load Balancer name that begins and ends with a letter or digit");
    expect(awsName("loadBalancer", "apps-internal")).toBeUndefined();
    expect(awsName("loadBalancer", "a".repeat(33))).toBe("an Application Load Balancer name of 1 to 32 characters (this one has 33)");
  });

  // "Constraints: ... Cannot start with sg-": https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
  test("a security group name may not start with sg-", () => {
    expect(awsName("securityGroup", "sg-apps-hosts-", { prefix: true })).toBe('a security group name: AWS reserves the prefix "sg-"');
  });

  // "can't be prefixed with aws, ecs, or fargate": https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
  test("a capacity provider name may not start with aws, ecs or fargate", () => {
    expect(awsName("capacityProvider", "ECS-spot")).toBe('a capacity provider name: AWS reserves the prefix "ecs"');
    expect(awsName("capacityProvider", "hosts-apps")).toBeUndefined();
  });

  // "Log group names can't start with the string aws/": https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  test("a log group name may not start with aws/", () => {
    expect(awsName("logGroup", "aws/ecs/web")).toBe('a CloudWatch Logs log group name: AWS reserves the prefix "aws/"');
  });

  // Name limits of 64: https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html,
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (a name_prefix gets 26 characters appended).
  test("counts the characters Terraform appends to a name prefix", () => {
    expect(awsName("iamRole", "r".repeat(38), { prefix: true })).toBeUndefined();
    expect(awsName("iamRole", "r".repeat(39), { prefix: true })).toBe(
      "an IAM role name of 1 to 64 characters (this one has, with the 26 characters Terraform appends to the prefix, 65)",
    );
    expect(awsName("schedule", "s".repeat(65))).toBe("an EventBridge Scheduler schedule name of 1 to 64 characters (this one has 65)");
  });
});
