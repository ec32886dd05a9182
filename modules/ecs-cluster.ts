import { Construct } from "constructs";
import { EcsCluster as EcsClusterResource } from "../framework/provider-aws";
import { EcsClusterCapacityProviders } from "../framework/provider-aws";

export interface EcsClusterProps {
  /** Cluster name; hosts join it through ECS_CLUSTER in their user data. */
  readonly name: string;
  /**
   * CloudWatch Container Insights: "enabled", "enhanced" (per-container metrics) or "disabled".
   * @default "enabled"
   */
  readonly containerInsights?: "enabled" | "enhanced" | "disabled";
}

/** An ECS cluster. Capacity providers are attached with `useCapacityProviders`. */
export class EcsCluster extends Construct {
  public readonly cluster: EcsClusterResource;
  /** The cluster's capacity provider association, once `useCapacityProviders` was called. */
  public capacityProviders?: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    this.cluster = new EcsClusterResource(this, "cluster", {
      name: props.name,
      setting: [{ name: "containerInsights", value: props.containerInsights ?? "enabled" }],
    });
  }

  public get name(): string {
    return this.cluster.name;
  }

  public get arn(): string {
    return this.cluster.arn;
  }

  /**
   * Associates capacity providers with the cluster; the first is the default strategy.
   * Services depend on this association, so `terraform destroy` removes them first.
   */
  public useCapacityProviders(names: string[], defaultStrategy?: { capacityProvider: string; weight: number; base?: number }[]): EcsClusterCapacityProviders {
    if (this.capacityProviders) throw new Error("useCapacityProviders may be called once per cluster");
    if (names.length === 0) throw new Error("useCapacityProviders needs at least one capacity provider name");
    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: this.cluster.name,
      capacityProviders: names,
      defaultCapacityProviderStrategy: defaultStrategy ?? [{ capacityProvider: names[0], weight: 1, base: 0 }],
    });
    return this.capacityProviders;
  }
}
