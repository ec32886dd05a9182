import { EcsCapacity, EcsCapacityProps } from "../../modules/ecs-capacity";
import { stack } from "./helpers";

const props = (extra: Partial<EcsCapacityProps> = {}): EcsCapacityProps => ({
  namePrefix: "demo",
  clusterName: "demo",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"],
  instanceProfile: { arn: "arn:aws:iam::123456789012:instance-profile/demo", name: "demo" },
  ...extra,
});

describe("EcsCapacity invariants (checked at synth)", () => {
  test("defaults have none", () => {
    expect(new EcsCapacity(stack(), "capacity", props()).node.validate()).toEqual([]);
  });

  test("group sizes and termination protection must agree", () => {
    const capacity = new EcsCapacity(stack(), "capacity", props({ minSize: 4, maxSize: 2, desiredCapacity: 5, managedTerminationProtection: true, protectFromScaleIn: false }));
    expect(capacity.node.validate()).toEqual([
      "protectFromScaleIn (false) must be true when managedTerminationProtection is on",
      "minSize (4) must not be greater than maxSize (2)",
      "desiredCapacity (5) must be between minSize (4) and maxSize (2)",
    ]);
  });
});
