/**
 * What the drain asks ECS: the container instance of the terminating EC2 instance, and the tasks
 * on it that have not STOPPED yet.
 *
 * Never from `runningTasksCount` / `pendingTasksCount`: the ECS API reference counts there the
 * tasks whose *desired* status is RUNNING / PENDING, so a task already told to stop but still
 * serving (load balancer deregistration delay, SIGTERM grace period) is no longer counted
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html;
 * the same bug as aws/aws-cdk#13506). Each task's `lastStatus` decides instead.
 */
import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  StopTaskCommand,
  Task,
  UpdateContainerInstancesStateCommand,
} from "@aws-sdk/client-ecs";
import { withRetry } from "../shared/retry";

/** DescribeTasks accepts at most 100 tasks per call. */
const DESCRIBE_TASKS_BATCH = 100;
export const STOP_TASK_REASON = "Host is being terminated by Auto Scaling (drain hook)";

export interface HostState {
  readonly status?: string;
  readonly agentConnected?: boolean;
}

export interface OpenTask {
  readonly taskArn: string;
  /** `service:<name>` for service tasks; `family:<name>` or a custom group for standalone tasks. */
  readonly group?: string;
  readonly lastStatus?: string;
  readonly desiredStatus?: string;
}

export function isServiceTask(task: OpenTask): boolean {
  return (task.group ?? "").startsWith("service:");
}

export class DrainEcs {
  constructor(
    private readonly ecs: ECSClient,
    private readonly cluster: string,
  ) {}

  /** The container instance ARN registered for this EC2 instance, if any. */
  async findContainerInstance(ec2InstanceId: string): Promise<string | undefined> {
    const out = await withRetry(() => this.ecs.send(new ListContainerInstancesCommand({ cluster: this.cluster, filter: `ec2InstanceId == ${ec2InstanceId}` })));
    return out.containerInstanceArns?.[0];
  }

  /** Undefined when ECS no longer knows the container instance. */
  async describeHost(containerInstanceArn: string): Promise<HostState | undefined> {
    const out = await withRetry(() => this.ecs.send(new DescribeContainerInstancesCommand({ cluster: this.cluster, containerInstances: [containerInstanceArn] })));
    const ci = out.containerInstances?.find((c) => c.containerInstanceArn === containerInstanceArn);
    return ci ? { status: ci.status, agentConnected: ci.agentConnected } : undefined;
  }

  async setDraining(containerInstanceArn: string): Promise<void> {
    const out = await withRetry(() =>
      this.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: this.cluster, containerInstances: [containerInstanceArn], status: "DRAINING" })),
    );
    if (out.failures && out.failures.length > 0) {
      throw new Error(`UpdateContainerInstancesState failed for ${containerInstanceArn}: ${JSON.stringify(out.failures)}`);
    }
  }

  /**
   * Every task on the host whose lastStatus is not STOPPED. ListTasks filters on the desired status
   * only, so both RUNNING and STOPPED desired statuses are listed ("Amazon ECS never sets the desired
   * status of a task to [PENDING]", API_ListTasks); tasks ECS no longer knows (failure MISSING) are gone.
   */
  async openTasks(containerInstanceArn: string): Promise<OpenTask[]> {
    const arns = new Set<string>();
    for (const desiredStatus of ["RUNNING", "STOPPED"] as const) {
      let nextToken: string | undefined;
      do {
        const page = await withRetry(() =>
          this.ecs.send(new ListTasksCommand({ cluster: this.cluster, containerInstance: containerInstanceArn, desiredStatus, ...(nextToken ? { nextToken } : {}) })),
        );
        for (const arn of page.taskArns ?? []) arns.add(arn);
        nextToken = page.nextToken;
      } while (nextToken);
    }
    const all = [...arns];
    const tasks: Task[] = [];
    for (let i = 0; i < all.length; i += DESCRIBE_TASKS_BATCH) {
      const batch = all.slice(i, i + DESCRIBE_TASKS_BATCH);
      const out = await withRetry(() => this.ecs.send(new DescribeTasksCommand({ cluster: this.cluster, tasks: batch })));
      tasks.push(...(out.tasks ?? []));
    }
    return tasks
      .filter((t) => t.taskArn && t.lastStatus !== "STOPPED")
      .map((t) => ({ taskArn: t.taskArn as string, group: t.group, lastStatus: t.lastStatus, desiredStatus: t.desiredStatus }));
  }

  async stopTask(taskArn: string): Promise<void> {
    await withRetry(() => this.ecs.send(new StopTaskCommand({ cluster: this.cluster, task: taskArn, reason: STOP_TASK_REASON })));
  }
}
