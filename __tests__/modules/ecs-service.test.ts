import { EcsService, EcsServiceProps } from "../../modules/ecs-service";
import { stack, synthValidated } from "./helpers";

const props = (extra: Partial<EcsServiceProps> = {}): EcsServiceProps => ({
  name: "web",
  clusterName: "demo",
  clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/demo",
  region: "eu-west-1",
  capacityProviderName: "hosts-demo",
  containers: [{ name: "web", image: "nginx:1.27", memoryReservation: 64, portMappings: [{ containerPort: 80 }] }],
  ...extra,
});

describe("EcsService invariants (checked at synth)", () => {
  test("a consistent service has none and synthesizes", () => {
    const s = stack();
    const service = new EcsService(s, "svc", props());
    expect(service.node.validate()).toEqual([]);
    expect(Object.keys(synthValidated(s).resource.aws_ecs_service)).toHaveLength(1);
  });

  test("name each inconsistent prop and its value", () => {
    const s = stack();
    const service = new EcsService(
      s,
      "svc",
      props({ schedulingStrategy: "DAEMON", desiredCount: 2, minimumHealthyPercent: 100, maximumPercent: 100, legacyServiceRoleArn: "arn:aws:iam::123456789012:role/ecs" }),
    );
    expect(service.node.validate()).toEqual([
      "minimumHealthyPercent (100) must be less than maximumPercent (100) for service web",
      "desiredCount (2) cannot be set for DAEMON service web: it runs one task per host",
      "legacyServiceRoleArn (arn:aws:iam::123456789012:role/ecs) is only used with a load balancer; service web has none",
    ]);
    expect(() => synthValidated(s)).toThrow(/desiredCount \(2\) cannot be set for DAEMON service web/);
  });
});
