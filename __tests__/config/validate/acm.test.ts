import { acmCertificateArn, parseAcmCertificateArn } from "../../../config/validate/acm";

// ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// ACM certificates are regional: https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
describe("acmCertificateArn", () => {
  const good = "arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef";

  test("accepts a certificate ARN and reads its partition, region and account", () => {
    expect(acmCertificateArn(good)).toBeUndefined();
    expect(parseAcmCertificateArn("arn:aws-cn:acm:cn-north-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef")).toEqual({
      partition: "aws-cn",
      region: "cn-north-1",
      account: "123456789012",
    });
  });

  test.each([
    "arn:aws:acm:eu-west-1:123456789012:certificate/not-a-uuid",
    "arn:aws:acm::123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef",
    "arn:aws:acm:eu-west-1:1234:certificate/12345678-90ab-cdef-1234-567890abcdef",
    "arn:aws:iam::123456789012:server-certificate/web",
  ])("refuses %s", (value) => {
    expect(acmCertificateArn(value)).toBe("an ACM certificate ARN like arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef");
  });
});
