/**
 * What a config promises about the plan, as `terraform test` assertions: IMDSv2 required,
 * Docker volume size and device, dynamic host ports. Derived from the config (what should be),
 * checked against the plan of the synthesized stack (what is).
 */
import { EcsConfig } from "../../config/schema";
import { dockerVolumeDevice } from "../../modules/ecs-ami";
import { Assertion } from "./mock-plan";

export function planAssertions(config: EcsConfig, json: any): Assertion[] {
  const out: Assertion[] = [];
  const device = dockerVolumeDevice(config.capacity.image.family);
  const size = config.capacity.dockerVolume.sizeGiB;
  for (const name of Object.keys(json.resource?.aws_launch_template ?? {})) {
    const lt = `aws_launch_template.${name}`;
    out.push({ condition: `${lt}.metadata_options[0].http_tokens == "required"`, message: `${lt} must require IMDSv2` });
    out.push({
      condition: `anytrue([for b in ${lt}.block_device_mappings : b.device_name == "${device}" && b.ebs[0].volume_size == ${size} && b.ebs[0].encrypted == "true"])`,
      message: `${lt} must put Docker on an encrypted ${size} GiB volume at ${device}`,
    });
  }
  for (const name of Object.keys(json.resource?.aws_launch_configuration ?? {})) {
    const lc = `aws_launch_configuration.${name}`;
    out.push({ condition: `${lc}.metadata_options[0].http_tokens == "required"`, message: `${lc} must require IMDSv2` });
    const volume =
      device === "/dev/xvda"
        ? `${lc}.root_block_device[0].volume_size == ${size} && ${lc}.root_block_device[0].encrypted`
        : `anytrue([for b in ${lc}.ebs_block_device : b.device_name == "${device}" && b.volume_size == ${size} && b.encrypted])`;
    out.push({ condition: volume, message: `${lc} must put Docker on an encrypted ${size} GiB volume at ${device}` });
  }
  for (const service of config.services) {
    const dynamic = service.containers.every((c) => c.portMappings.every((p) => p.hostPort === 0));
    if (!dynamic) continue;
    // With split stacks (services[].stack) a service is in one stack only.
    if (!Object.values<any>(json.resource?.aws_ecs_service ?? {}).some((s) => s.name === service.name)) continue;
    const entry = Object.entries<any>(json.resource?.aws_ecs_task_definition ?? {}).find(([, v]) => v.family === `${config.name}-${service.name}`);
    if (!entry) throw new Error(`no task definition for service ${service.name}`);
    const td = `aws_ecs_task_definition.${entry[0]}`;
    out.push({
      condition: `alltrue(flatten([for c in jsondecode(${td}.container_definitions) : [for p in try(c.portMappings, []) : p.hostPort == 0]]))`,
      message: `${td} must use dynamic host ports (hostPort 0)`,
    });
  }
  return out;
}
