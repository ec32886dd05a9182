import { Construct } from "constructs";
import { AwsProvider } from "../framework/provider-aws";
import { EcsConfig, ServiceConfig } from "../config/schema";
import { EcsStack } from "./ecs-stack";
import { ReadableStack } from "./readable-stack";
import { configureState } from "./stack-state";

export interface ServicesStackProps {
  /** The validated config model. */
  readonly config: EcsConfig;
  /** The stack holding the cluster, capacity and load balancers the services run on. */
  readonly platform: EcsStack;
  /** The services of this stack (those whose `stack` names it). */
  readonly services: ServiceConfig[];
}

/**
 * A team's services in a state of their own. References to the platform (cluster ARN, capacity
 * provider, listeners) become outputs of the platform stack read through `terraform_remote_state`,
 * so the platform stack must be applied first and destroyed last.
 */
export class ServicesStack extends ReadableStack {
  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id);
    const config = props.config;
    configureState(this, config);
    new AwsProvider(this, "aws", {
      region: config.region,
      allowedAccountIds: config.account === undefined ? undefined : [config.account],
      defaultTags: [{ tags: { "managed-by": "cdktf-ecs-ec2", "ecs-cluster": config.name, ...config.tags } }],
    });
    for (const service of props.services) props.platform.addService(this, config, service);
  }
}
