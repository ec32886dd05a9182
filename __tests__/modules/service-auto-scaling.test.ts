import { EcsService } from "../../modules/ecs-service";
import { ServiceAutoScaling } from "../../modules/service-auto-scaling";
import { stack } from "./helpers";

describe("ServiceAutoScaling invariants (checked at synth)", () => {
  test("bounds in order and a request policy only with a load balancer label", () => {
    const s = stack();
    const service = new EcsService(s, "svc", {
      name: "web",
      clusterName: "demo",
      clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/demo",
      region: "eu-west-1",
      capacityProviderName: "hosts-demo",
      containers: [{ name: "web", image: "nginx:1.27", memoryReservation: 64 }],
    });
    const ok = new ServiceAutoScaling(s, "ok", { service: service.service, clusterName: "demo", minCapacity: 1, maxCapacity: 3, targetTracking: { cpuPercent: 60 } });
    expect(ok.node.validate()).toEqual([]);
    const bad = new ServiceAutoScaling(s, "bad", { service: service.service, clusterName: "demo", minCapacity: 4, maxCapacity: 3, targetTracking: { requestsPerTarget: 100 } });
    expect(bad.node.validate()).toEqual([
      "minCapacity (4) must not be greater than maxCapacity (3)",
      "targetTracking.requestsPerTarget (100) needs requestCountLabel: the service has no load balancer target",
    ]);
  });
});
