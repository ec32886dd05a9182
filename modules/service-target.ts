import { Construct } from "constructs";
import { LbListener } from "../framework/provider-aws";
import { LbListenerRule } from "../framework/provider-aws";
import { LbTargetGroup } from "../framework/provider-aws";

export interface ServiceTargetProps {
  /** Prefix of the target group name (shortened to 5 characters, the limit of name_prefix). */
  readonly namePrefix: string;
  /** Listener the rule is added to. */
  readonly listener: LbListener;
  readonly vpcId: string;
  /** Container receiving traffic. */
  readonly containerName: string;
  readonly containerPort: number;
  /** Listener rule priority, unique on the listener. */
  readonly priority: number;
  /** @default ["/*"] */
  readonly pathPatterns?: string[];
  /** @default - any host */
  readonly hostHeaders?: string[];
  /** @default "/" */
  readonly healthCheckPath?: string;
  /** @default "200-399" */
  readonly healthCheckMatcher?: string;
  /** @default 30 */
  readonly healthCheckIntervalSeconds?: number;
  /** Must be less than the interval. @default 5 */
  readonly healthCheckTimeoutSeconds?: number;
  /** @default 3 */
  readonly healthyThresholdCount?: number;
  /** @default 3 */
  readonly unhealthyThresholdCount?: number;
  /** Seconds the target group waits for in-flight requests before deregistering a task. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** Sticky sessions: load-balancer cookie duration in seconds. @default - no stickiness */
  readonly stickinessSeconds?: number;
}

/**
 * One container port of a service behind a load balancer: a target group (instance targets, so
 * dynamic host ports work) and the listener rule that forwards to it.
 */
export class ServiceTarget extends Construct {
  public readonly targetGroup: LbTargetGroup;
  public readonly listenerRule: LbListenerRule;
  public readonly containerName: string;
  public readonly containerPort: number;

  constructor(scope: Construct, id: string, props: ServiceTargetProps) {
    super(scope, id);
    const interval = props.healthCheckIntervalSeconds ?? 30;
    const timeout = props.healthCheckTimeoutSeconds ?? 5;
    this.node.addValidation({
      validate: () =>
        timeout >= interval
          ? [`healthCheckTimeoutSeconds (${timeout}) must be less than healthCheckIntervalSeconds (${interval}) for ${props.containerName}:${props.containerPort}`]
          : [],
    });
    this.containerName = props.containerName;
    this.containerPort = props.containerPort;

    this.targetGroup = new LbTargetGroup(this, "target-group", {
      // name_prefix (6 characters at most) and create_before_destroy: a replacement gets a new
      // name, so it never collides with the group it replaces.
      namePrefix: `${props.namePrefix.replace(/[^a-zA-Z0-9]/g, "").slice(0, 5) || "svc"}-`,
      port: props.containerPort,
      protocol: "HTTP",
      targetType: "instance",
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath ?? "/",
        matcher: props.healthCheckMatcher ?? "200-399",
        // Dynamic host ports: check the port the task was registered on.
        port: "traffic-port",
        protocol: "HTTP",
        healthyThreshold: props.healthyThresholdCount ?? 3,
        unhealthyThreshold: props.unhealthyThresholdCount ?? 3,
        interval,
        timeout,
      },
      stickiness: props.stickinessSeconds !== undefined ? { type: "lb_cookie", enabled: true, cookieDuration: props.stickinessSeconds } : undefined,
      lifecycle: { createBeforeDestroy: true },
    });

    const conditions: { pathPattern?: { values: string[] }; hostHeader?: { values: string[] } }[] = [{ pathPattern: { values: props.pathPatterns ?? ["/*"] } }];
    if (props.hostHeaders && props.hostHeaders.length > 0) conditions.push({ hostHeader: { values: props.hostHeaders } });
    this.listenerRule = new LbListenerRule(this, "listener-rule", {
      listenerArn: props.listener.arn,
      priority: props.priority,
      action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      condition: conditions,
    });
  }
}
