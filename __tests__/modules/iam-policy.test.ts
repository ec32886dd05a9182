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

  test("managedPolicyArn: an AWS managed policy in the region's partition, with its path", () => {
    expect(managedPolicyArn("eu-west-1", "service-role/AmazonECSTaskExecutionRolePolicy")).toBe("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    expect(managedPolicyArn("cn-north-1", "AmazonSSMManagedInstanceCore")).toBe("arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore");
  });
});
