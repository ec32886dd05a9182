import { dockerVolumeDevice, ecsAmiParameterName } from "../../modules/ecs-ami";

describe("ECS-optimized AMI lookup", () => {
  test.each([
    [{}, "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"],
    [{ architecture: "arm64" }, "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"],
    [{ variant: "gpu" }, "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id"],
    [{ family: "al2" }, "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"],
    [{ family: "al2", architecture: "arm64" }, "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id"],
    [{ family: "al2", variant: "gpu" }, "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id"],
    [{ family: "al1" }, "/aws/service/ecs/optimized-ami/amazon-linux/recommended/image_id"],
    [{ family: "bottlerocket" }, "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id"],
    [{ family: "bottlerocket", architecture: "arm64", variant: "gpu" }, "/aws/service/bottlerocket/aws-ecs-2-nvidia/arm64/latest/image_id"],
  ] as const)("%j reads %s", (options, parameter) => {
    expect(ecsAmiParameterName(options)).toBe(parameter);
  });

  test("refuses combinations AWS does not publish", () => {
    expect(() => ecsAmiParameterName({ family: "al1", architecture: "arm64" })).toThrow(/standard x86_64 only/);
    expect(() => ecsAmiParameterName({ family: "al2023", architecture: "arm64", variant: "gpu" })).toThrow(/x86_64 only/);
  });

  test("keeps Docker on the root volume for AL2/AL2023, xvdcz for AL1 and the data volume for Bottlerocket", () => {
    expect(dockerVolumeDevice("al2023")).toBe("/dev/xvda");
    expect(dockerVolumeDevice("al2")).toBe("/dev/xvda");
    expect(dockerVolumeDevice("al1")).toBe("/dev/xvdcz");
    expect(dockerVolumeDevice("bottlerocket")).toBe("/dev/xvdb");
  });
});
