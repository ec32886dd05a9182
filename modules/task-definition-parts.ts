import { Construct } from "constructs";
import { CloudwatchLogGroup } from "../framework/provider-aws";
import { EcsTaskDefinition, EcsTaskDefinitionConfig } from "../framework/provider-aws";
import { ContainerProps, renderContainerDefinitions } from "./container-definitions";
import { TaskExecutionRole, secretStatements } from "./task-execution-role";
import { TaskRole, TaskRoleProps } from "./task-role";

export interface TaskDefinitionPartsProps {
  /** Task definition family; also the prefix of the roles' names. */
  readonly family: string;
  readonly region: string;
  readonly containers: ContainerProps[];
  readonly logGroupName: string;
  /** @default 30 */
  readonly logRetentionInDays?: number;
  /** @default - CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /** awslogs stream prefix: streams are `<prefix>/<container>/<task-id>`. */
  readonly streamPrefix: string;
  /** Task-level CPU units. @default - none (containers' own limits) */
  readonly cpu?: number;
  /** Task-level memory in MiB. @default - none (containers' own limits) */
  readonly memory?: number;
  /** Customer managed keys of the containers' secrets, for the execution role. @default - none */
  readonly secretsKmsKeyArns?: string[];
  /** The task role's permissions. @default - none */
  readonly taskRole?: Omit<TaskRoleProps, "namePrefix" | "region">;
  /** More task definition arguments (volumes, placement constraints). @default - none */
  readonly extra?: Pick<EcsTaskDefinitionConfig, "volume" | "placementConstraints">;
}

export interface TaskDefinitionParts {
  readonly logGroup: CloudwatchLogGroup;
  readonly executionRole: TaskExecutionRole;
  readonly taskRole: TaskRole;
  readonly taskDefinition: EcsTaskDefinition;
}

/**
 * What every ECS task definition here comes with: a log group, an execution role that may read
 * exactly the containers' secrets, a task role, and the task definition (bridge networking, EC2),
 * created directly in `scope` (ids `logs`, `execution-role`, `task-role`, `task`), so services
 * and standalone tasks share one implementation and keep their Terraform addresses.
 */
export function addTaskDefinitionParts(scope: Construct, props: TaskDefinitionPartsProps): TaskDefinitionParts {
  const logGroup = new CloudwatchLogGroup(scope, "logs", {
    name: props.logGroupName,
    retentionInDays: props.logRetentionInDays ?? 30,
    kmsKeyId: props.logKmsKeyArn,
  });
  const executionRole = new TaskExecutionRole(scope, "execution-role", {
    namePrefix: props.family,
    region: props.region,
    statements: secretStatements(props.containers, props.secretsKmsKeyArns),
  });
  const taskRole = new TaskRole(scope, "task-role", { namePrefix: props.family, region: props.region, ...props.taskRole });
  const taskDefinition = new EcsTaskDefinition(scope, "task", {
    family: props.family,
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    cpu: props.cpu?.toString(),
    memory: props.memory?.toString(),
    executionRoleArn: executionRole.role.arn,
    taskRoleArn: taskRole.role.arn,
    containerDefinitions: renderContainerDefinitions(props.containers, {
      group: logGroup.name,
      region: props.region,
      streamPrefix: props.streamPrefix,
    }),
    ...props.extra,
  });
  return { logGroup, executionRole, taskRole, taskDefinition };
}
