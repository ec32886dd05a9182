import { configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";
import { only, synth } from "../../helpers/services";

const lbs = (extra = "") => `loadBalancers:\n  - name: public\n${extra}`;

const web = (target: string, ports = "[{ containerPort: 80 }, { containerPort: 8080 }]") => `
services:
  - name: web
    containers:
      - name: web
        image: nginx:1.27
        memoryReservation: 128
        portMappings: ${ports}
${target.replace(/^/gm, "    ")}
`;

describe("service load balancing", () => {
  test("names target groups and listener rules after the container and port", () => {
    const json = synth(
      minimalYaml(
        `${lbs()}${web("loadBalancers:\n  - { name: public, containerPort: 80, priority: 20 }\n  - { name: public, containerPort: 8080, priority: 10, pathPatterns: [/admin/*] }")}`,
      ),
    );
    expect(Object.keys(resources(json, "aws_lb_target_group")).sort()).toEqual(["svc-web_target-web-8080_target-group", "svc-web_target-web-80_target-group"]);
    expect(Object.keys(resources(json, "aws_lb_listener_rule")).sort()).toEqual(["svc-web_target-web-8080_listener-rule", "svc-web_target-web-80_listener-rule"]);
  });

  test("registers one service with several target groups, one per container port", () => {
    const json = synth(
      minimalYaml(
        `${lbs()}${web("loadBalancers:\n  - { name: public, containerPort: 80, priority: 20 }\n  - { name: public, containerPort: 8080, priority: 10, pathPatterns: [/admin/*] }")}`,
      ),
    );
    expect(only(json, "aws_ecs_service").load_balancer).toEqual([
      { container_name: "web", container_port: 80, target_group_arn: "${aws_lb_target_group.svc-web_target-web-80_target-group.arn}" },
      { container_name: "web", container_port: 8080, target_group_arn: "${aws_lb_target_group.svc-web_target-web-8080_target-group.arn}" },
    ]);
  });

  test("keeps the single loadBalancer form: first port, priority 100, path /*", () => {
    const json = synth(minimalYaml(`${lbs()}${web("loadBalancer: { name: public }")}`));
    const rule = only(json, "aws_lb_listener_rule");
    expect(rule.priority).toBe(100);
    expect(rule.condition).toEqual([{ path_pattern: { values: ["/*"] } }]);
    expect(only(json, "aws_lb_target_group").port).toBe(80);
  });

  test("routes by host and path with the configured priority", () => {
    const json = synth(minimalYaml(`${lbs()}${web("loadBalancer: { name: public, priority: 7, hostHeaders: [api.example.com], pathPatterns: [/v1/*] }")}`));
    const rule = only(json, "aws_lb_listener_rule");
    expect(rule.priority).toBe(7);
    expect(rule.condition).toEqual([{ path_pattern: { values: ["/v1/*"] } }, { host_header: { values: ["api.example.com"] } }]);
  });

  test("applies target group health check settings, deregistration delay and lb_cookie stickiness", () => {
    const json = synth(
      minimalYaml(
        `${lbs()}${web(
          "loadBalancer: { name: public, healthCheckPath: /health, healthCheckMatcher: '200', healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 4, healthyThresholdCount: 2, unhealthyThresholdCount: 5, deregistrationDelaySeconds: 5, stickinessSeconds: 600 }",
        )}`,
      ),
    );
    const tg = only(json, "aws_lb_target_group");
    expect(tg.health_check).toEqual(
      expect.objectContaining({ path: "/health", matcher: "200", interval: 10, timeout: 4, healthy_threshold: 2, unhealthy_threshold: 5, port: "traffic-port" }),
    );
    expect(tg.deregistration_delay).toBe("5");
    expect(tg.stickiness).toEqual({ type: "lb_cookie", enabled: true, cookie_duration: 600 });
  });

  test("has no stickiness unless asked", () => {
    expect(only(synth(minimalYaml(`${lbs()}${web("loadBalancer: { name: public }")}`)), "aws_lb_target_group").stickiness).toBeUndefined();
  });

  test("opens a fixed host port from the load balancer to the hosts, besides the ephemeral range", () => {
    const json = synth(
      minimalYaml(`${lbs()}${web("loadBalancer: { name: public }\ndeployment: { minimumHealthyPercent: 0, maximumPercent: 100 }", "[{ containerPort: 80, hostPort: 8080 }]")}`),
    );
    const ingress = Object.values<any>(resources(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.referenced_security_group_id);
    expect(ingress.map((r) => [r.from_port, r.to_port]).sort()).toEqual([
      [32768, 65535],
      [8080, 8080],
    ]);
  });

  test("does not attach the legacy ECS service role unless asked", () => {
    const role = "arn:aws:iam::123456789012:role/ecsServiceRole";
    expect(only(synth(minimalYaml(`${lbs()}${web("loadBalancer: { name: public }")}`)), "aws_ecs_service").iam_role).toBeUndefined();
    const json = synthJson(configFrom(minimalYaml(`${lbs()}${web(`loadBalancer: { name: public }\nlegacyServiceRoleArn: ${role}`)}`)));
    expect(only(json, "aws_ecs_service").iam_role).toBe(role);
  });
});

describe("HTTPS load balancer", () => {
  const cert = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
  const json = () => synth(minimalYaml(`${lbs(`    certificateArn: ${cert}\n`)}${web("loadBalancer: { name: public }")}`));

  test("terminates TLS on 443 with the ACM certificate and the service rules attach there", () => {
    const listeners = resources(json(), "aws_lb_listener");
    expect(listeners["lb-public_https"]).toEqual(
      expect.objectContaining({ port: 443, protocol: "HTTPS", certificate_arn: cert, ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
    );
    expect(only(json(), "aws_lb_listener_rule").listener_arn).toBe("${aws_lb_listener.lb-public_https.arn}");
  });

  test("redirects HTTP on port 80 to HTTPS with a 301", () => {
    const http = resources(json(), "aws_lb_listener")["lb-public_http"];
    expect(http.port).toBe(80);
    expect(http.default_action).toEqual([expect.objectContaining({ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } })]);
  });
});
