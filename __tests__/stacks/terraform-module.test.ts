/**
 * Terraform module mode: the stack is a reusable module (variables, outputs, no provider configuration, no
 * backend). terraform-module.tf.test.ts runs it and examples/module-root under Terraform.
 */
import { configFrom, loadBundled, minimalYaml, synthJson } from "../helpers/synth";

const bundled = () => loadBundled("configs/examples/module.yaml");

describe("Terraform module mode", () => {
  const json = synthJson(bundled());

  test("emits required_providers (admitting provider 5.100+ and 6) but no provider block and no backend", () => {
    expect(json.terraform.required_providers.aws).toEqual(expect.objectContaining({ version: ">= 5.100, < 7" }));
    expect(json.provider).toBeUndefined();
    expect(json.terraform.backend).toBeUndefined();
  });

  test("turns the network, certificate, images and desired counts into typed, validated variables with the config as defaults", () => {
    expect(Object.keys(json.variable).sort()).toEqual(["certificate_arns", "desired_counts", "host_subnet_ids", "images", "load_balancer_subnet_ids", "vpc_id"]);
    for (const variable of Object.values<any>(json.variable)) {
      expect(variable.description).toEqual(expect.any(String));
      expect(variable.type).toEqual(expect.any(String));
      expect(variable.validation).toHaveLength(1);
    }
    expect(json.variable.vpc_id.default).toBe("vpc-0123456789abcdef0");
    expect(json.variable.images.default).toEqual({ "web/web": "public.ecr.aws/nginx/nginx:1.27" });
    expect(json.variable.desired_counts.default).toEqual({ web: 2 });
  });

  test("builds the resources from the variables", () => {
    const service = Object.values<any>(json.resource.aws_ecs_service)[0];
    expect(service.desired_count).toBe("${var.desired_counts.web}");
    const taskDefinition = Object.values<any>(json.resource.aws_ecs_task_definition)[0];
    expect(taskDefinition.container_definitions).toContain('"image":"${var.images["web/web"]}"');
    expect(Object.values<any>(json.resource.aws_autoscaling_group)[0].vpc_zone_identifier).toBe("${var.host_subnet_ids}");
    expect(Object.values<any>(json.resource.aws_lb)[0].subnets).toBe("${var.load_balancer_subnet_ids}");
    const https = Object.values<any>(json.resource.aws_lb_listener).find((l) => l.protocol === "HTTPS");
    expect(https.certificate_arn).toBe("${var.certificate_arns.public}");
  });

  test("gives DAEMON services no desired count entry (they run one task per host)", () => {
    const daemonYaml = minimalYaml(`module: true
services:
  - name: agent
    schedulingStrategy: DAEMON
    launchType: EC2
    containers: [{ name: agent, image: "busybox:1.36", memoryReservation: 64 }]
  - name: web
    desiredCount: 3
    containers: [{ name: web, image: "nginx:1.27", memoryReservation: 128 }]
`);
    const daemon = synthJson(configFrom(daemonYaml));
    expect(daemon.variable.desired_counts.default).toEqual({ web: 3 });
    expect(daemon.variable.desired_counts.validation[0].condition).not.toContain('"agent"');
    const onlyDaemon = synthJson(configFrom(daemonYaml.replace(/ {2}- name: web\n[\s\S]*$/, "")));
    expect(onlyDaemon.variable.desired_counts).toBeUndefined();
    expect(Object.values<any>(onlyDaemon.resource.aws_ecs_service)[0].desired_count).toBeUndefined();
  });

  test("adds only the network variables when there are no services or load balancers", () => {
    const plain = synthJson(configFrom(minimalYaml("module: true\n")));
    expect(Object.keys(plain.variable).sort()).toEqual(["host_subnet_ids", "vpc_id"]);
  });

  test("points Lambda packages at the module's folder, since a caller resolves relative paths from its own", () => {
    const withLambda = synthJson(configFrom(minimalYaml("module: true\ncapacity:\n  managedDraining: false\n  drainOnScaleIn: true\n")));
    const functions = Object.values<any>(withLambda.resource.aws_lambda_function ?? {});
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) expect(fn.filename).toMatch(/^\$\{path\.module\}\/assets\//);
    const normal = synthJson(configFrom(minimalYaml("capacity:\n  managedDraining: false\n  drainOnScaleIn: true\n")));
    for (const fn of Object.values<any>(normal.resource.aws_lambda_function)) expect(fn.filename).toMatch(/^assets\//);
  });

  test("a normal stack keeps its provider and backend and has no variables", () => {
    const normal = synthJson(configFrom(minimalYaml()));
    expect(normal.provider.aws[0].region).toBe("eu-west-1");
    expect(normal.terraform.backend.local).toEqual({ path: "../../../terraform.demo.tfstate" });
    expect(normal.variable).toBeUndefined();
  });
});

describe("Terraform outputs", () => {
  test("name the cluster, hosts, load balancers and each service's name, log group, target groups and roles", () => {
    const json = synthJson(bundled());
    expect(Object.keys(json.output).sort()).toEqual(
      expect.arrayContaining([
        "autoscaling_group_name",
        "capacity_provider_name",
        "cluster_arn",
        "cluster_name",
        "host_role_arn",
        "lb_public_arn",
        "lb_public_dns_name",
        "service_web_log_group_name",
        "service_web_name",
        "service_web_role_arns",
        "service_web_target_group_arns",
      ]),
    );
    for (const output of Object.values<any>(json.output)) expect(output.description).toEqual(expect.any(String));
    expect(json.output.lb_public_dns_name.value).toMatch(/^\$\{aws_lb\.[\w-]+\.dns_name\}$/);
    expect(json.output.service_web_role_arns.value).toEqual(expect.objectContaining({ "task-role": expect.stringMatching(/^\$\{aws_iam_role\./) }));
  });
});
