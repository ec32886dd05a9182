import { Testing } from "../../framework/cdktf";
import { LbListener } from "../../framework/provider-aws";
import { Construct } from "constructs";
import { ServiceTarget } from "../../modules/service-target";
import { stack } from "./helpers";

const listener = (scope: Construct) =>
  new LbListener(scope, "listener", {
    loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1",
    port: 80,
    defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
  });
const base = { namePrefix: "web", vpcId: "vpc-0123456789abcdef0", containerName: "web", containerPort: 80, priority: 10 };

describe("ServiceTarget", () => {
  test("forwards its path to a target group", () => {
    const json = JSON.parse(Testing.synthScope((scope) => new ServiceTarget(scope, "target", { ...base, listener: listener(scope), pathPatterns: ["/api/*"] })));
    expect(Object.values<any>(json.resource.aws_lb_listener_rule)[0].condition).toEqual([{ path_pattern: { values: ["/api/*"] } }]);
  });

  test("needs a health check timeout below the interval (checked at synth)", () => {
    const s = stack();
    const target = new ServiceTarget(s, "target", { ...base, listener: listener(s), healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 5 });
    expect(target.node.validate()).toEqual(["healthCheckTimeoutSeconds (5) must be less than healthCheckIntervalSeconds (5) for web:80"]);
  });
});
