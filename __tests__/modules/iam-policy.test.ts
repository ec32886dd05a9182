import { assumeRolePolicy, managedPolicyArn, partitionOf, policyDocument } from "../../modules/iam-policy";

describe("iam-policy", () => {
  test("policyDocument: version 2012-10-17 and the statements in order, as a JSON string", () => {
    const statement = { Sid: "A", Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" };
    expect(policyDocument([statement])).toBe('{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}');
  });

  test("assumeRolePolicy: one service may assume the role, with a condition only when given", () => {
    expect(JSON.parse(assumeRolePolicy("lambda.amazonaws.com")).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const condition = { StringEquals: { "aws:SourceAccount": "123456789012" } };
    expect(JSON.parse(assumeRolePolicy("scheduler.amazonaws.com", condition)).Statement[0].Condition).toEqual(condition);
  });

  // Partitions: https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
  test.each([
    ["eu-west-1", "aws"],
    ["us-east-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("partitionOf(%s) is %s", (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  // The AWS SDK's own partition lookup (@aws-sdk/core, which every SDK client here depends on) on
  // every region its partitions data lists outside \`aws\`, and a few of \`aws\`: ISO and EUSC regions
  // took the \`aws\` partition before.
  test.each([
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isob-west-1",
    "eu-isoe-west-1",
    "us-isof-east-1",
    "us-isof-south-1",
    "eusc-de-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "eu-west-1",
    "il-central-1",
    "mx-central-1",
  ])("partitionOf(%s) agrees with the AWS SDK", (region) => {
    const { partition } = require("@aws-sdk/core/client") as { partition: (region: string) => { name: string } };
    expect(partitionOf(region)).toBe(partition(region).name);
  });

  test("managedPolicyArn: an AWS managed policy in the region's partition, with its path", () => {
    expect(managedPolicyArn("eu-west-1", "service-role/AmazonECSTaskExecutionRolePolicy")).toBe("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    expect(managedPolicyArn("cn-north-1", "AmazonSSMManagedInstanceCore")).toBe("arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore");
  });
});
