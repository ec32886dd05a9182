/**
 * ECS event shapes, as documented in "Amazon ECS events"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html); fields the
 * alerts do not read are left out. Both arrive in the shared EventBridge envelope.
 */
import { Envelope } from "../shared/envelope";

export const TASK_STATE_CHANGE = "ECS Task State Change";
export const CONTAINER_INSTANCE_STATE_CHANGE = "ECS Container Instance State Change";

export interface TaskContainer {
  containerArn?: string;
  name?: string;
  lastStatus?: string;
  exitCode?: number | null;
  reason?: string;
  image?: string;
  imageDigest?: string;
  taskArn?: string;
}

export interface TaskStateDetail {
  clusterArn?: string;
  taskArn?: string;
  taskDefinitionArn?: string;
  containerInstanceArn?: string;
  group?: string;
  launchType?: string;
  lastStatus?: string;
  desiredStatus?: string;
  stopCode?: string;
  stoppedReason?: string;
  stoppedAt?: string;
  startedBy?: string;
  containers?: TaskContainer[];
}

export interface ContainerInstanceStateDetail {
  clusterArn?: string;
  containerInstanceArn?: string;
  ec2InstanceId?: string;
  agentConnected?: boolean;
  status?: string;
  statusReason?: string;
  runningTasksCount?: number;
  pendingTasksCount?: number;
  versionInfo?: { agentVersion?: string; agentHash?: string; dockerVersion?: string };
  updatedAt?: string;
  /** Built-in and custom attributes of the container instance (custom ones carry a value). */
  attributes?: { name: string; value?: string }[];
}

export type EcsEvent = Envelope<string, TaskStateDetail | ContainerInstanceStateDetail>;
export type TaskEvent = Envelope<typeof TASK_STATE_CHANGE, TaskStateDetail>;
export type ContainerInstanceEvent = Envelope<typeof CONTAINER_INSTANCE_STATE_CHANGE, ContainerInstanceStateDetail>;

/** Last path segment of an ARN ("arn:...:cluster/name" -> "name"; task ARNs -> task id). */
export function arnName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const idx = arn.lastIndexOf("/");
  return idx >= 0 ? arn.slice(idx + 1) : arn.split(":").pop();
}

/** `...:task-definition/<family>:<revision>` -> family */
export function familyOf(taskDefinitionArn: string | undefined): string | undefined {
  return /task-definition\/([^:/]+)/.exec(taskDefinitionArn ?? "")?.[1];
}
