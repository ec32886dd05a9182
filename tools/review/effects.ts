import { Classified, ResourceAction } from "./cascade";
import { Entry } from "./diff";
import { Json } from "./load";
import { topLevel } from "./replacement";

function obj(v: Json | undefined): { [key: string]: Json } {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && x !== undefined && typeof x === "object" && !Array.isArray(x) ? x : {};
}

function literal(v: Json | undefined): string | undefined {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string" && !v.includes("${")) return v;
  return undefined;
}

/**
 * Resource types whose destruction or replacement hits traffic or data. Their destroys and
 * replacements come first in the report, each with the one-line consequence below.
 */
const RISKY: Readonly<Record<string, (action: "delete" | "replace", body: Json | undefined) => string>> = {
  aws_cloudwatch_log_group: (_a, body) =>
    obj(body).skip_destroy === true
      ? "the old group and its log events stay in AWS (skip_destroy) but are no longer managed"
      : `its stored log events${literal(obj(body).name) ? ` in ${literal(obj(body).name)}` : ""} are deleted with it`,
  aws_ecs_service: (a) => (a === "replace" ? "every task of the service stops while it is deleted and created again: downtime" : "every task of the service stops"),
  aws_lb: (a) =>
    a === "replace"
      ? "the load balancer gets a new DNS name: DNS records and clients using the old one break, and traffic stops until the new one is active"
      : "all traffic through the load balancer stops; its DNS name goes away",
  aws_lb_listener: (_a, body) => `port ${literal(obj(body).port) ?? "?"} refuses connections until the listener exists again`,
  aws_lb_listener_rule: () => "requests it matched fall through to the listener's default action meanwhile",
  aws_lb_target_group: () => "its targets are deregistered: requests fail until the new group has healthy targets",
  aws_sns_topic_subscription: (_a, body) =>
    ["email", "email-json"].includes(literal(obj(body).protocol) ?? "")
      ? "nothing is delivered to the address until the new subscription is confirmed from the e-mail AWS sends"
      : "deliveries stop until the new subscription exists",
  aws_sns_topic: () => "its subscriptions go with it; e-mail subscribers must confirm again",
  aws_ecs_cluster: () => "every service and task in the cluster stops",
  aws_autoscaling_group: () => "every host in the group is terminated",
};

/** The one-line consequence of destroying or replacing a stateful or traffic-bearing resource. */
export function consequence(type: string, action: ResourceAction, body: Json | undefined): string | undefined {
  if (action !== "delete" && action !== "replace") return undefined;
  return RISKY[type]?.(action, body);
}

/** Attributes of an Auto Scaling group whose change always starts an instance refresh. */
const REFRESH_ALWAYS = ["launch_template", "launch_configuration", "mixed_instances_policy"];

/** Refresh settings of an `instance_refresh` block, in words. */
function refreshSettings(refresh: { [key: string]: Json }): string {
  const prefs = obj(refresh.preferences);
  const parts = [literal(refresh.strategy) ?? "Rolling"];
  if (literal(prefs.min_healthy_percentage)) parts.push(`min healthy ${literal(prefs.min_healthy_percentage)}%`);
  if (literal(prefs.max_healthy_percentage)) parts.push(`max healthy ${literal(prefs.max_healthy_percentage)}%`);
  if (literal(prefs.instance_warmup)) parts.push(`warm-up ${literal(prefs.instance_warmup)} s`);
  if (prefs.skip_matching === true) parts.push("skip matching");
  return parts.join(", ");
}

/**
 * Follow-on effects of a planned change that the plan itself does not show.
 * - Auto Scaling group updated in launch_template / launch_configuration / mixed_instances_policy
 *   (or an attribute named in `instance_refresh.triggers`): with an `instance_refresh` block the
 *   provider starts an instance refresh that replaces every host; without one only new hosts use
 *   the new template. Source: autoscaling/group.go and the `instance_refresh` argument docs
 *   https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/autoscaling_group#instance_refresh
 * - a service whose task definition is replaced redeploys all its tasks;
 * - an e-mail subscription created or re-created must be confirmed by its recipient
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html).
 */
export function followOn(c: Classified, head: Entry | undefined): string[] {
  const body = head?.body;
  const out: string[] = [];
  if (c.type === "aws_autoscaling_group" && c.action === "update") {
    const refresh = obj(obj(body).instance_refresh);
    const triggers = Array.isArray(refresh.triggers) ? refresh.triggers.map(String) : [];
    const changed = new Set(c.causes.map((x) => topLevel(x.path)));
    const triggering = [...changed].filter((a) => REFRESH_ALWAYS.includes(a) || triggers.includes(a) || (a === "tag" && triggers.includes("tags")));
    if (triggering.length > 0) {
      out.push(
        Object.keys(refresh).length > 0
          ? `every host is replaced by an instance refresh (${refreshSettings(refresh)}), started by the change to ${triggering.map((t) => `\`${t}\``).join(", ")}`
          : "hosts launched from now on use the new launch configuration; running hosts keep the old one (no instance_refresh block)",
      );
    }
  }
  if (c.type === "aws_ecs_service" && c.action === "update" && c.causes.some((x) => topLevel(x.path) === "task_definition")) {
    const min = literal(obj(body).deployment_minimum_healthy_percent);
    const max = literal(obj(body).deployment_maximum_percent);
    out.push(`the service redeploys: every task is replaced by one of the new revision${min && max ? ` (min healthy ${min}%, max ${max}%)` : ""}`);
  }
  if (c.type === "aws_ecs_task_definition" && c.action === "replace") {
    out.push("a new revision of the family is registered; the old one is deregistered");
  }
  if (c.type === "aws_sns_topic_subscription" && (c.action === "create" || c.action === "replace")) {
    const protocol = literal(obj(body).protocol);
    if (protocol === "email" || protocol === "email-json") {
      out.push(`${literal(obj(body).endpoint) ?? "the recipient"} must confirm the subscription from the e-mail AWS sends; nothing is delivered until then`);
    }
  }
  if (c.type === "aws_launch_template" && c.action === "update") {
    out.push("a new launch template version is created");
  }
  return out;
}
