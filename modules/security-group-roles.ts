/**
 * The tag the constructs put on every security group they create, saying what the group is for.
 * Readers of the synthesized Terraform key on it: the security rule pack (rules/types.ts) lets a
 * "load-balancer" group admit the internet on TCP 80 and 443 only, and a "hosts" group (or an
 * untagged one) not at all. Defined here, where the groups are made; the rule pack imports it.
 */
export const SECURITY_GROUP_ROLE_TAG = "cdktf-ecs-ec2:role";
export const SECURITY_GROUP_ROLE_HOSTS = "hosts";
export const SECURITY_GROUP_ROLE_LOAD_BALANCER = "load-balancer";
export type SecurityGroupRole = typeof SECURITY_GROUP_ROLE_HOSTS | typeof SECURITY_GROUP_ROLE_LOAD_BALANCER;
