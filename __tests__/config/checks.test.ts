/**
 * Values AWS refuses at apply are config errors: `path: value is not <allowed>`, nothing written.
 */
import { minimalYaml } from "../helpers/synth";
import { problems } from "../helpers/services";
import { show } from "../../config/schema-dsl";

const cert = (region: string, partition = "aws") => `arn:${partition}:acm:${region}:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef`;

describe("the Docker volume", () => {
  // A launch template volume smaller than the AMI's snapshot for that device fails to launch.
  // Sizes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-ami-storage-config.html (AL2/AL2023 30 GiB root;
  // AL1 22 GiB /dev/xvdcz, "you can't specify a volume size that's smaller than the default"),
  // https://github.com/bottlerocket-os/bottlerocket#default-volumes (Bottlerocket data volume 20 GiB).
  test.each([
    ["al2023", 29, 30, "/dev/xvda"],
    ["al2", 20, 30, "/dev/xvda"],
    ["al1", 21, 22, "/dev/xvdcz"],
    ["bottlerocket", 19, 20, "/dev/xvdb"],
  ])("on %s may not be smaller than the AMI snapshot", (family, size, snapshot, device) => {
    expect(problems(minimalYaml(`capacity: { image: { family: ${family} }, dockerVolume: { sizeGiB: ${size} } }\n`))).toEqual([
      `capacity.dockerVolume.sizeGiB: ${size} is smaller than the ${snapshot} GiB snapshot of ${device} in the ECS-optimized ${family} AMI; hosts would fail to launch: use at least ${snapshot}`,
    ]);
    expect(problems(minimalYaml(`capacity: { image: { family: ${family} }, dockerVolume: { sizeGiB: ${snapshot} } }\n`))).toEqual([]);
  });
});

describe("load balancers", () => {
  const lb = (extra: string) => minimalYaml(`loadBalancers:\n  - { name: public, ${extra} }\n`);

  // ACM certificates are regional: https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
  test("use an ACM certificate of their own region and partition", () => {
    expect(problems(lb(`certificateArn: "${cert("eu-west-1")}"`))).toEqual([]);
    expect(problems(lb(`certificateArn: "${cert("us-east-1")}"`))).toEqual([
      `loadBalancers[0].certificateArn: ${show(cert("us-east-1"))} is in region "us-east-1"; the load balancer is in "eu-west-1" and can only use an ACM certificate of its own region`,
    ]);
    expect(problems(lb(`certificateArn: "${cert("eu-west-1", "aws-cn")}"`))).toEqual([
      `loadBalancers[0].certificateArn: ${show(cert("eu-west-1", "aws-cn"))} names partition "aws-cn"; region "eu-west-1" is in partition "aws"`,
    ]);
    expect(problems(lb('certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"'))).toEqual([
      'loadBalancers[0].certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" is not an ACM certificate ARN like arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef',
    ]);
  });

  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
  test("name a predefined ELB security policy", () => {
    expect(problems(lb("sslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-6"))).toEqual([
      'loadBalancers[0].sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-6" is not a predefined ELB security policy like "ELBSecurityPolicy-TLS13-1-2-2021-06"',
    ]);
  });

  // The AWS provider 5.100.0 refuses host bits in cidr_ipv4 / cidr_ipv6 (measured with terraform validate).
  test("take ingress CIDR blocks AWS accepts", () => {
    expect(problems(lb('ingressCidrs: ["10.0.0.5/16", "10.0.0.300/32", "2001:db8::/129"]'))).toEqual([
      'loadBalancers[0].ingressCidrs[0]: "10.0.0.5/16" is not a network address: the host bits must be zero, like 10.0.0.0/16',
      'loadBalancers[0].ingressCidrs[1]: "10.0.0.300/32" is not an IPv4 CIDR block like 10.0.0.0/16 (octets 0-255, prefix 0-32) or an IPv6 CIDR block like 2001:db8::/32 (prefix 0-128)',
      'loadBalancers[0].ingressCidrs[2]: "2001:db8::/129" is not an IPv4 CIDR block like 10.0.0.0/16 (octets 0-255, prefix 0-32) or an IPv6 CIDR block like 2001:db8::/32 (prefix 0-128)',
    ]);
  });
});

describe("the network", () => {
  test("lists each subnet once", () => {
    const yaml = minimalYaml().replace("hostSubnetIds: [subnet-0aaaaaaaaaaaaaaa1]", "hostSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa1]");
    expect(problems(yaml)).toEqual(['network.hostSubnetIds[1]: "subnet-0aaaaaaaaaaaaaaa1" is already used by network.hostSubnetIds[0]; each value must be unique']);
  });
});

describe("tags", () => {
  // "The aws: prefix is prohibited for tags": https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html
  test("may not use the reserved aws: prefix, nor characters AWS refuses", () => {
    expect(problems(minimalYaml('tags: { "aws:owner": ops }\n'))).toEqual([
      'tags: {"aws:owner":"ops"} is not a tag key of your own: the "aws:" prefix is reserved for AWS (key "aws:owner")',
    ]);
    expect(problems(minimalYaml('tags: { team: "a;b" }\n'))).toEqual(['tags.team: "a;b" is not a tag value of 0 to 256 letters, digits, spaces and _.:/=+-@']);
    expect(problems(minimalYaml('tags: { team: "platform", "cost center": "42" }\n'))).toEqual([]);
  });
});

describe("container images", () => {
  // Docker's reference grammar: https://github.com/distribution/reference/blob/main/reference.go
  test("are references Docker accepts: an upper-case first component is a registry host, the repository path is lower case", () => {
    const yaml = minimalYaml('services:\n  - name: web\n    containers: [{ name: web, image: "MyOrg/App:1", memoryReservation: 64 }]\n');
    expect(problems(yaml)).toEqual([
      'services[0].containers[0].image: "MyOrg/App:1" is not an image reference Docker accepts, like nginx:1.27, public.ecr.aws/nginx/nginx:1.27 or name@sha256:<64 hex digits>: the repository "App" must be lower-case letters, digits and single . _ or - between them',
    ]);
  });
});

describe("scheduled scaling", () => {
  // Application Auto Scaling takes the same cron format:
  // https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
  test("takes a cron() expression with ? in exactly one day field", () => {
    const yaml = minimalYaml(
      'services:\n  - name: web\n    desiredCount: 1\n    containers: [{ name: web, image: "nginx:1.27", memoryReservation: 64 }]\n    autoScaling:\n      minCapacity: 1\n      maxCapacity: 4\n      scheduled: [{ name: morning, schedule: "cron(0 8 * * MON-FRI *)", minCapacity: 2 }]\n',
    );
    expect(problems(yaml)).toEqual([
      'services[0].autoScaling.scheduled[0].schedule: "cron(0 8 * * MON-FRI *)" is not a cron() expression with ? in exactly one of day-of-month and day-of-week, like cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *)',
    ]);
  });
});
