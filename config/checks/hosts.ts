/**
 * Cross-key checks for how hosts are replaced: the image update policy, the rollout label and
 * instance refresh on groups that may run a single host.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";
import { defaultImageUpdatePolicy } from "../../modules/ecs-ami";
import { instanceRefreshPercentages } from "../../modules/instance-refresh";

export const checkHosts: ConfigCheck = (config, add) => {
  const cap = config.capacity;
  const image = cap.image;
  const policy = image.updatePolicy ?? defaultImageUpdatePolicy(image.id);
  if (policy === "pinned" && image.id === undefined) {
    add("capacity.image.updatePolicy", `"pinned" needs capacity.image.id, the AMI to run (e.g. the value of the SSM parameter today)`);
  }
  if (policy !== "pinned" && image.id !== undefined) {
    add("capacity.image.id", `${show(image.id)} is only used with updatePolicy "pinned", not ${show(policy)}; remove one of them`);
  }
  const refresh = cap.instanceRefresh;
  if (cap.rollout !== undefined && !refresh.enabled) {
    add("capacity.rollout", `${show(cap.rollout)} replaces hosts through an instance refresh, and capacity.instanceRefresh.enabled is false`);
  }
  if (!refresh.enabled) return;
  // Instance refresh: https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html
  if (cap.maxSize < 2) {
    add(
      "capacity.maxSize",
      `${cap.maxSize} leaves no room to launch a replacement host before an instance refresh terminates the only one (its tasks would have nowhere to go); use maxSize 2 or more, or capacity.instanceRefresh.enabled: false and replace the host by hand`,
    );
  } else if (cap.minSize <= 1 && instanceRefreshPercentages(cap.minSize, refresh).maxHealthyPercent === 100) {
    add(
      "capacity.instanceRefresh.maxHealthyPercent",
      `100 with capacity.minSize ${cap.minSize} lets an instance refresh terminate a single host before its replacement runs; leave it out (200 with minHealthyPercent 100: launch before terminating) or use minSize 2 or more`,
    );
  }
};
