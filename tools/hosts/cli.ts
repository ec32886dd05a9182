/**
 * `npm run hosts -- <config>`: which AMI each host of the config's cluster runs, against the AMI
 * its image update policy wants. Reads AWS with the caller's credentials; changes nothing.
 */
import { parseArgs } from "node:util";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { ConfigError, loadConfig } from "../../config/load";
import { EcsConfig } from "../../config/schema";
import { defaultImageUpdatePolicy, ecsAmiParameterName } from "../../modules/ecs-ami";
import { describeFleet, FleetClients, FleetError, FleetTarget } from "./fleet";
import { renderJson, renderText } from "./render";

export const USAGE = `Usage: npm run hosts -- [options] <config>

<config>         the config file of the cluster (YAML or JSON)
--region R       AWS region (default: the config's region)
--json           print the report as JSON
-h, --help       show this help`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export const awsClients = (region: string): FleetClients => ({
  ecs: new ECSClient({ region }),
  autoScaling: new AutoScalingClient({ region }),
  ec2: new EC2Client({ region }),
  ssm: new SSMClient({ region }),
});

/** What the config says about its hosts: cluster, capacity provider, AMI parameter and policy. */
export function fleetTarget(config: EcsConfig): FleetTarget {
  const image = config.capacity.image;
  return {
    clusterName: config.name,
    // The capacity provider's name (modules/ecs-capacity.ts).
    capacityProviderName: `hosts-${config.name}`,
    amiParameterName: ecsAmiParameterName({ family: image.family, architecture: image.architecture, variant: image.variant }),
    updatePolicy: image.updatePolicy ?? defaultImageUpdatePolicy(image.id),
    pinnedImageId: image.id,
  };
}

export async function main(argv: string[], io: Io = processIo, clientsFor: (region: string) => FleetClients = awsClients): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { region: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) {
    io.stderr(`expected one config file\n${USAGE}\n`);
    return 2;
  }
  try {
    const config = loadConfig(args.positionals[0]);
    const report = await describeFleet(clientsFor(args.values.region ?? config.region), fleetTarget(config));
    io.stdout(args.values.json ? renderJson(report) : renderText(report));
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof FleetError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    const err = e as { name?: string; message?: string };
    // AWS errors (credentials, permissions): their name and message say what to fix.
    io.stderr(`AWS call failed: ${err.name ?? "Error"}: ${err.message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
