/**
 * The one place that imports the AWS provider bindings (per resource, never the package root:
 * the root costs ~1.5 s and ~440 MB a run). Moving to cdktn switches these paths to @cdktn/provider-aws.
 */
export { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
export { AppautoscalingScheduledAction } from "@cdktf/provider-aws/lib/appautoscaling-scheduled-action";
export { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
export { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
export { AutoscalingLifecycleHook } from "@cdktf/provider-aws/lib/autoscaling-lifecycle-hook";
export { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
export { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
export { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
export { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
export { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
export { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
export { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
export { EcsCluster, EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
export { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
export { EcsService, EcsService as EcsServiceResource } from "@cdktf/provider-aws/lib/ecs-service";
export { EcsTaskDefinition, EcsTaskDefinitionConfig } from "@cdktf/provider-aws/lib/ecs-task-definition";
export { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
export { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
export { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
export { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
export { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
export { LaunchConfiguration } from "@cdktf/provider-aws/lib/launch-configuration";
export { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
export { Lb } from "@cdktf/provider-aws/lib/lb";
export { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
export { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
export { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
export { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
export { ServiceDiscoveryHttpNamespace } from "@cdktf/provider-aws/lib/service-discovery-http-namespace";
export { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
export { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
export { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
export { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
export { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
export { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
