/**
 * `terraform destroy` runs the dependency graph backwards. These edges make it remove the
 * services (and their scaling) first, then the cluster's capacity provider association, then the
 * capacity provider, then the Auto Scaling group.
 */
import { configFrom, minimalYaml, resources, synthJson } from "../../helpers/synth";

const json = synthJson(
  configFrom(
    minimalYaml(`capacity:
  managedDraining: false
services:
  - name: web
    desiredCount: 1
    containers:
      - { name: web, image: "nginx:1.27", memoryReservation: 128 }
    autoScaling: { minCapacity: 1, maxCapacity: 4, targetTracking: { cpuPercent: 60 } }
`),
  ),
);

describe("destroy ordering", () => {
  test("each service depends on the cluster's capacity provider association", () => {
    expect(resources(json, "aws_ecs_service")["svc-web_service"].depends_on).toContain("aws_ecs_cluster_capacity_providers.cluster_capacity-providers");
  });

  test("the association references the capacity provider", () => {
    const association = resources(json, "aws_ecs_cluster_capacity_providers")["cluster_capacity-providers"];
    expect(association.capacity_providers).toEqual(["${aws_ecs_capacity_provider.capacity_capacity-provider.name}"]);
  });

  test("the capacity provider references the Auto Scaling group's ARN", () => {
    const provider = resources(json, "aws_ecs_capacity_provider")["capacity_capacity-provider"];
    expect(provider.auto_scaling_group_provider.auto_scaling_group_arn).toBe("${aws_autoscaling_group.capacity_group.arn}");
  });

  test("the scalable target references the service, so scaling goes before the service", () => {
    expect(resources(json, "aws_appautoscaling_target")["scaling-web_target"].resource_id).toContain("${aws_ecs_service.svc-web_service.name}");
  });

  test("the drain hook references the group, so it is removed before the group's hosts terminate", () => {
    expect(resources(json, "aws_autoscaling_lifecycle_hook")["drain_hook"].autoscaling_group_name).toBe("${aws_autoscaling_group.capacity_group.name}");
  });
});
