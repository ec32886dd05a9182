import { EcsCluster } from "../../modules/ecs-cluster";
import { block, ref, resolved, stack, synth } from "./helpers";

function build(containerInsights?: "enabled" | "enhanced" | "disabled") {
  const s = stack();
  const cluster = new EcsCluster(s, "cluster", { name: "demo", containerInsights });
  return { s, cluster };
}

describe("EcsCluster", () => {
  test("Container Insights is on by default", () => {
    const { s, cluster } = build();
    expect(block(synth(s), cluster.cluster)).toEqual({ name: "demo", setting: [{ name: "containerInsights", value: "enabled" }] });
  });

  // ClusterSetting containerInsights: enhanced, enabled or disabled
  // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html).
  test.each(["enhanced", "disabled"] as const)("containerInsights %s is set as given", (value) => {
    const { s, cluster } = build(value);
    expect(block(synth(s), cluster.cluster).setting).toEqual([{ name: "containerInsights", value }]);
  });

  test("name and arn are the cluster resource's, so whatever uses them depends on it", () => {
    const { s, cluster } = build();
    cluster.useCapacityProviders(["hosts-demo"]);
    expect(block(synth(s), cluster.capacityProviders!).cluster_name).toBe(ref(cluster.cluster, "name"));
    expect(resolved(s, [cluster.name, cluster.arn])).toEqual([ref(cluster.cluster, "name"), ref(cluster.cluster, "arn")]);
  });

  test("has no capacity provider association until useCapacityProviders", () => {
    const { s, cluster } = build();
    expect(cluster.capacityProviders).toBeUndefined();
    expect(synth(s).resource.aws_ecs_cluster_capacity_providers).toBeUndefined();
  });

  test("useCapacityProviders: the first provider is the default strategy, weight 1, base 0", () => {
    const { s, cluster } = build();
    const association = cluster.useCapacityProviders(["hosts-demo", "spot-demo"]);
    expect(cluster.capacityProviders).toBe(association);
    expect(block(synth(s), association)).toEqual({
      cluster_name: ref(cluster.cluster, "name"),
      capacity_providers: ["hosts-demo", "spot-demo"],
      default_capacity_provider_strategy: [{ capacity_provider: "hosts-demo", weight: 1, base: 0 }],
    });
  });

  test("useCapacityProviders: a given default strategy replaces it", () => {
    const { s, cluster } = build();
    const strategy = [
      { capacityProvider: "hosts-demo", weight: 1, base: 2 },
      { capacityProvider: "spot-demo", weight: 3 },
    ];
    const association = cluster.useCapacityProviders(["hosts-demo", "spot-demo"], strategy);
    expect(block(synth(s), association).default_capacity_provider_strategy).toEqual([
      { capacity_provider: "hosts-demo", weight: 1, base: 2 },
      { capacity_provider: "spot-demo", weight: 3 },
    ]);
  });

  // A cluster has one aws_ecs_cluster_capacity_providers; a second would overwrite the first.
  test("useCapacityProviders may be called once per cluster", () => {
    const { cluster } = build();
    cluster.useCapacityProviders(["hosts-demo"]);
    expect(() => cluster.useCapacityProviders(["spot-demo"])).toThrow("useCapacityProviders may be called once per cluster");
  });
});

test("useCapacityProviders with no name is refused with a sentence (a default strategy needs a provider)", () => {
  const { cluster } = build();
  expect(() => cluster.useCapacityProviders([])).toThrow("useCapacityProviders needs at least one capacity provider name");
});
