/**
 * ACM certificate ARNs, as an HTTPS listener of an Application Load Balancer takes them:
 * `arn:<partition>:acm:<region>:<account>:certificate/<id>`. The certificate must live in the
 * load balancer's region (ACM certificates are regional; a listener cannot use one from
 * another region).
 *
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

const ACM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]):acm:([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d):(\d{12}):certificate\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface AcmCertificateArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The parts of an ACM certificate ARN; undefined when it is not one. */
export function parseAcmCertificateArn(value: string): AcmCertificateArn | undefined {
  const m = ACM_ARN.exec(value);
  return m ? { partition: m[1], region: m[2], account: m[4] } : undefined;
}

/** Problem with an ACM certificate ARN, as the "allowed" phrase; undefined when well formed. */
export function acmCertificateArn(value: string): string | undefined {
  return parseAcmCertificateArn(value) ? undefined : "an ACM certificate ARN like arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef";
}
