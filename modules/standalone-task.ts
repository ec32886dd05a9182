import { Construct } from "constructs";
import { CloudwatchLogGroup } from "../framework/provider-aws";
import { EcsTaskDefinition } from "../framework/provider-aws";
import { ContainerProps } from "./container-definitions";
import { addTaskDefinitionParts } from "./task-definition-parts";
import { TaskExecutionRole } from "./task-execution-role";
import { TaskRole } from "./task-role";

export interface StandaloneTaskProps {
  /** Task name, unique among the cluster's tasks and services. */
  readonly name: string;
  readonly clusterName: string;
  readonly region: string;
  readonly containers: ContainerProps[];
  /** Task-level CPU units. @default - none (containers' own limits) */
  readonly cpu?: number;
  /** Task-level memory in MiB. @default - none (containers' own limits) */
  readonly memory?: number;
  /** @default 30 */
  readonly logRetentionInDays?: number;
}

/**
 * A task definition that belongs to no service (a batch job or a one-off command), with its own
 * log group `/ecs/<cluster>/task-<name>`, execution role (exactly its secrets) and task role.
 */
export class StandaloneTask extends Construct {
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly executionRole: TaskExecutionRole;
  public readonly taskRole: TaskRole;

  constructor(scope: Construct, id: string, props: StandaloneTaskProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => (props.containers.length === 0 ? [`containers of task ${props.name} is empty; give at least one container`] : []) });
    const family = `${props.clusterName}-task-${props.name}`;

    const parts = addTaskDefinitionParts(this, {
      family,
      region: props.region,
      containers: props.containers,
      logGroupName: `/ecs/${props.clusterName}/task-${props.name}`,
      logRetentionInDays: props.logRetentionInDays,
      streamPrefix: `task-${props.name}`,
      cpu: props.cpu,
      memory: props.memory,
    });
    this.logGroup = parts.logGroup;
    this.executionRole = parts.executionRole;
    this.taskRole = parts.taskRole;
    this.taskDefinition = parts.taskDefinition;
  }
}
