/**
 * Cross-key checks of a service's deployment and ECS options: combinations AWS or the provider
 * would reject at apply, or silently ignore.
 */
import type { ConfigCheck } from "../checks";

export const checkServiceOptions: ConfigCheck = (config, add) => {
  config.services.forEach((service, index) => {
    const at = `services[${index}]`;
    const daemon = service.schedulingStrategy === "DAEMON";

    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html
    if (service.availabilityZoneRebalancing === "ENABLED") {
      if (daemon) add(`${at}.availabilityZoneRebalancing`, `"ENABLED" is not available for DAEMON services, which run one task on every host`);
      // Our default placement ends with binpack on memory, which rebalancing does not support.
      const strategy = service.placementStrategy ?? [{ type: "spread" }, { type: "binpack" }];
      if (!daemon && strategy.some((s) => s.type === "binpack")) {
        add(
          `${at}.availabilityZoneRebalancing`,
          `"ENABLED" does not work with a binpack placement strategy${service.placementStrategy ? "" : " (the default placement spreads over zones, then binpacks on memory)"}; set placementStrategy to [{ type: spread, field: "attribute:ecs.availability-zone" }] or leave rebalancing out`,
        );
      }
    }

    // The provider drops a change of `triggers` from the plan unless force_new_deployment is true
    // (triggersCustomizeDiff in internal/service/ecs/service.go).
    if (Object.keys(service.deployment.triggers).length > 0 && !service.deployment.forceNewDeployment) {
      add(`${at}.deployment.triggers`, "need deployment.forceNewDeployment: true; without it the provider ignores a changed trigger and nothing is redeployed");
    }

    // "The SSM agent requires that the container file system is able to be written to ... making
    // the root file system read-only using the readonlyRootFilesystem task definition parameter,
    // or any other method, isn't supported." https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
    if (service.enableExecuteCommand) {
      service.containers.forEach((c, i) => {
        if (c.readonlyRootFilesystem) {
          add(`${at}.containers[${i}].readonlyRootFilesystem`, `true cannot be combined with enableExecuteCommand: the ECS Exec agent writes to the container's root file system`);
        }
      });
    }
  });
};
