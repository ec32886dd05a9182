/**
 * The review report against `terraform plan` of the real hashicorp/aws provider, offline, for
 * the bundled default config and realistic one-line changes (the first five are the ones the
 * report used to get wrong). Slow: a settled base state takes a few plans, each change one more.
 */
import { once, realPlanSuite } from "../../helpers/real-plan-suite";

realPlanSuite("configs/default.yaml", [
  {
    name: "load balancer made internal",
    edit: (y) => once(y, "  - name: public\n", "  - name: public\n    internal: true\n"),
    // elbv2: internal is ForceNew, and so are the listener's load_balancer_arn and the rule's listener_arn.
    expect: {
      "aws_lb.lb-public_alb": "replace",
      "aws_lb_listener.lb-public_http": "replace",
      "aws_lb_listener_rule.svc-web_target-web-80_listener-rule": "replace",
    },
  },
  {
    name: "service given its own capacity provider strategy",
    edit: (y) => once(y, "    desiredCount: 2\n", "    desiredCount: 2\n    capacityProviderStrategy:\n      - capacityProvider: hosts-demo\n        base: 1\n"),
    // ecs/service.go capacityProviderStrategyCustomizeDiff: ForceNew without force_new_deployment.
    expect: { "aws_ecs_service.svc-web_service": "replace" },
  },
  {
    name: "another VPC",
    edit: (y) => once(y, "vpc-0123456789abcdef0", "vpc-0fedcba9876543210"),
    expect: {
      "aws_lb_target_group.svc-web_target-web-80_target-group": "replace",
      "aws_security_group.capacity_security-group": "replace",
      "aws_security_group.lb-public_security-group": "replace",
      "aws_vpc_security_group_egress_rule.capacity_egress": "replace",
      "aws_vpc_security_group_ingress_rule.lb-public_hosts-from-alb-32768-65535": "replace",
    },
  },
  {
    name: "bigger instance type",
    edit: (y) => once(y, "m6i.large", "m6i.xlarge"),
    expect: { "aws_launch_template.capacity_launch-template": "update", "aws_autoscaling_group.capacity_group": "update" },
    followOn: ["aws_autoscaling_group.capacity_group: every host is replaced by an instance refresh (Rolling, min healthy 100%, max healthy 200%, skip matching)"],
  },
  {
    name: "bigger Docker volume",
    edit: (y) => once(y, "sizeGiB: 50", "sizeGiB: 80"),
    expect: { "aws_autoscaling_group.capacity_group": "update" },
    followOn: ["aws_autoscaling_group.capacity_group: every host is replaced by an instance refresh"],
  },
  {
    name: "stack renamed (a new state file: everything is created, nothing destroyed)",
    edit: (y) => once(y, "name: demo\n", "name: demo2\n"),
    expect: { "aws_ecs_cluster.cluster": "create" },
  },
  {
    name: "new image tag",
    edit: (y) => once(y, "nginx:1.27", "nginx:1.28"),
    expect: { "aws_ecs_task_definition.svc-web_task": "replace", "aws_ecs_service.svc-web_service": "update" },
    followOn: ["aws_ecs_service.svc-web_service: the service redeploys"],
  },
  {
    name: "one more task",
    edit: (y) => once(y, "desiredCount: 2", "desiredCount: 3"),
    expect: { "aws_ecs_service.svc-web_service": "update" },
  },
  {
    name: "container port moved to 8080",
    edit: (y) => once(y, "- containerPort: 80\n", "- containerPort: 8080\n"),
  },
  {
    name: "health check path",
    edit: (y) => once(y, "    loadBalancer:\n      name: public\n", "    loadBalancer:\n      name: public\n      healthCheckPath: /health\n"),
    expect: { "aws_lb_target_group.svc-web_target-web-80_target-group": "update" },
  },
  {
    name: "larger maximum group size",
    edit: (y) => once(y, "maxSize: 3", "maxSize: 5"),
    expect: { "aws_autoscaling_group.capacity_group": "update" },
  },
  {
    name: "team tag changed (provider default_tags reach every tags_all)",
    edit: (y) => once(y, "team: platform", "team: web"),
    expect: { "aws_ecs_cluster.cluster": "update", "aws_iam_role.host-role_role": "update" },
  },
  {
    name: "log retention",
    edit: (y) => once(y, "    desiredCount: 2\n", "    desiredCount: 2\n    logs:\n      retentionInDays: 90\n"),
    expect: { "aws_cloudwatch_log_group.svc-web_logs": "update" },
  },
]);
