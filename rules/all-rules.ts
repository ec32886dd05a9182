import { albDropInvalidHeaders } from "./alb-drop-invalid-headers";
import { albHttpRedirectsToHttps } from "./alb-http-redirect";
import { albTlsPolicy } from "./alb-tls-policy";
import { containerInsights } from "./container-insights";
import { ebsEncrypted } from "./ebs-encrypted";
import { ecsTaskRoleScopedSecrets } from "./ecs-task-role-scoped";
import { iamNoAdmin } from "./iam-no-admin";
import { imdsHopLimit } from "./imds-hop-limit";
import { imdsv2Required } from "./launch-template-imdsv2";
import { logGroupRetention } from "./log-group-retention";
import { noLaunchConfiguration } from "./no-launch-configuration";
import { noPublicIp } from "./no-public-ip";
import { securityGroupNoWorldIngress } from "./security-group-ingress";
import { taskNoHostNetwork } from "./task-no-host-network";
import { taskNoHostPidIpc } from "./task-no-host-pid-ipc";
import { taskNoPrivileged } from "./task-no-privileged";
import { taskSecretsNotInEnvironment } from "./task-secrets-not-in-environment";
import type { Rule } from "./types";

/** Every rule of the pack, in reporting order. */
export const allRules: readonly Rule[] = [
  imdsv2Required,
  imdsHopLimit,
  ebsEncrypted,
  noPublicIp,
  noLaunchConfiguration,
  securityGroupNoWorldIngress,
  albDropInvalidHeaders,
  albHttpRedirectsToHttps,
  albTlsPolicy,
  logGroupRetention,
  containerInsights,
  taskNoPrivileged,
  taskNoHostNetwork,
  taskNoHostPidIpc,
  taskSecretsNotInEnvironment,
  iamNoAdmin,
  ecsTaskRoleScopedSecrets,
];
