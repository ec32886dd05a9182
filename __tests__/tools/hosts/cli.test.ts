/** `npm run hosts -- <config>`: arguments, the config's target, and errors without stack traces. */
import { mockClient } from "aws-sdk-client-mock";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeCapacityProvidersCommand, DescribeContainerInstancesCommand, ECSClient, ListContainerInstancesCommand } from "@aws-sdk/client-ecs";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fleetTarget, main } from "../../../tools/hosts/cli";
import { FleetClients } from "../../../tools/hosts/fleet";
import { configFrom, loadBundled, minimalYaml } from "../../helpers/synth";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", `${name}.json`), "utf8"));
const DEFAULT = join(__dirname, "..", "..", "..", "configs", "default.yaml");

mockClient(ECSClient)
  .on(DescribeCapacityProvidersCommand)
  .resolves(fixture("describe-capacity-providers"))
  .on(ListContainerInstancesCommand)
  .resolves(fixture("list-container-instances"))
  .on(DescribeContainerInstancesCommand)
  .resolves(fixture("describe-container-instances"));
mockClient(AutoScalingClient).on(DescribeAutoScalingGroupsCommand).resolves(fixture("describe-auto-scaling-groups"));
mockClient(EC2Client).on(DescribeInstancesCommand).resolves(fixture("describe-instances")).on(DescribeImagesCommand).resolves(fixture("describe-images"));
mockClient(SSMClient).on(GetParameterCommand).resolves(fixture("get-parameter"));

const regions: string[] = [];
const clientsFor = (region: string): FleetClients => {
  regions.push(region);
  return { ecs: new ECSClient({ region }), autoScaling: new AutoScalingClient({ region }), ec2: new EC2Client({ region }), ssm: new SSMClient({ region }) };
};

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, clientsFor);
  return { code, out, err };
}

describe("npm run hosts", () => {
  test("prints the table for a config, in the config's region", async () => {
    regions.length = 0;
    const { code, out, err } = await run(DEFAULT);
    expect([code, err]).toEqual([0, ""]);
    expect(out).toContain("Cluster demo, group demo-20260102030405060700000001, image policy latest-at-launch");
    expect(regions).toEqual(["eu-west-1"]);
  });

  test("--json and --region", async () => {
    regions.length = 0;
    const { code, out } = await run("--json", "--region", "us-east-1", DEFAULT);
    expect(code).toBe(0);
    expect(JSON.parse(out).clusterName).toBe("demo");
    expect(regions).toEqual(["us-east-1"]);
  });

  test("usage errors exit 2 with the usage text", async () => {
    expect(await run()).toEqual({ code: 2, out: "", err: expect.stringContaining("expected one config file") });
    expect(await run("--bogus", DEFAULT)).toEqual({ code: 2, out: "", err: expect.stringContaining("Usage: npm run hosts") });
    expect((await run("--help")).out).toContain("Usage: npm run hosts");
  });

  test("a bad config is reported as the config error, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hosts-cli-"));
    try {
      writeFileSync(join(dir, "bad.yaml"), minimalYaml("capacity:\n  image: { updatePolicy: weekly }\n"));
      const { code, err } = await run(join(dir, "bad.yaml"));
      expect(code).toBe(1);
      expect(err).toContain("capacity.image.updatePolicy");
      expect(err).not.toContain("    at ");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the config decides provider, parameter and policy", () => {
    expect(fleetTarget(loadBundled("configs/default.yaml"))).toEqual({
      clusterName: "demo",
      capacityProviderName: "hosts-demo",
      amiParameterName: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
      updatePolicy: "latest-at-launch",
      pinnedImageId: undefined,
    });
    const pinned = fleetTarget(configFrom(minimalYaml("capacity:\n  image: { family: bottlerocket, architecture: arm64, id: ami-0123456789abcdef0 }\n")));
    expect(pinned).toEqual(
      expect.objectContaining({ updatePolicy: "pinned", pinnedImageId: "ami-0123456789abcdef0", amiParameterName: "/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id" }),
    );
  });
});
