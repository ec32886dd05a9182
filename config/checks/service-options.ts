/**
 * Cross-key checks of a service's deployment and ECS options: combinations AWS or the provider
 * would reject at apply, or silently ignore.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";

export const checkServiceOptions: ConfigCheck = (config, add) => {
  const namespace = config.serviceConnectNamespace;
  if (namespace && (namespace.name === undefined) === (namespace.arn === undefined)) {
    add("serviceConnectNamespace", "needs exactly one of name (a namespace to create) and arn (an existing namespace)");
  }
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

    // Service Connect: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html
    // ("Service Connect considerations") and, for Bottlerocket, bottlerocket-os/bottlerocket#2801.
    const sc = service.serviceConnect;
    if (sc) {
      const family = config.capacity.image.family;
      if (!namespace) add(`${at}.serviceConnect`, "needs the top-level serviceConnectNamespace (a namespace name to create, or an existing namespace's arn)");
      if (family === "bottlerocket" || family === "al1") {
        add(`${at}.serviceConnect`, `is not available on ${show(family)} hosts: ECS Service Connect runs on the ECS-optimized Amazon Linux 2023 and Amazon Linux 2 AMIs only`);
      }
      if (service.memory === undefined) {
        add(`${at}.memory`, "is required with serviceConnect: the Service Connect proxy uses the task memory the containers leave free");
      } else {
        const hard = service.containers.reduce((sum, c) => sum + (c.memory ?? 0), 0);
        if (hard > 0 && hard >= service.memory) {
          add(`${at}.memory`, `${service.memory} must be greater than the containers' memory limits together (${hard}) with serviceConnect: the proxy needs memory of its own`);
        }
      }
      const named = service.containers.flatMap((c) => c.portMappings.filter((p) => p.name !== undefined).map((p) => p.name as string));
      sc.services.forEach((endpoint, i) => {
        if (!named.includes(endpoint.portName)) {
          add(
            `${at}.serviceConnect.services[${i}].portName`,
            `${show(endpoint.portName)} is not the name of a port mapping of this service; named ports: ${named.map((n) => show(n)).join(", ") || "(none; set portMappings[].name)"}`,
          );
        }
      });
    }
    const portNames = service.containers.flatMap((c) => c.portMappings.map((p) => p.name).filter((n): n is string => n !== undefined));
    const duplicate = portNames.find((n, i) => portNames.indexOf(n) !== i);
    if (duplicate) add(`${at}.containers`, `port name ${show(duplicate)} is used twice; port mapping names must be unique in a task definition`);

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
