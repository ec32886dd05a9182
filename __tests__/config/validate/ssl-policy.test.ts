import { ELB_SECURITY_POLICIES, elbSecurityPolicy, minimumTlsVersion } from "../../../config/validate/ssl-policy";

// The predefined policies and their protocols:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
describe("ELB security policies", () => {
  test("knows the recommended, FIPS, post-quantum and legacy policies with their oldest TLS version", () => {
    expect(minimumTlsVersion("ELBSecurityPolicy-TLS13-1-2-2021-06")).toBe("1.2");
    expect(minimumTlsVersion("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04")).toBe("1.3");
    expect(minimumTlsVersion("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")).toBe("1.2");
    expect(minimumTlsVersion("ELBSecurityPolicy-2016-08")).toBe("1.0");
    expect(minimumTlsVersion("ELBSecurityPolicy-TLS13-1-1-2021-06")).toBe("1.1");
  });

  test("the version in a policy's name agrees with the table", () => {
    for (const [name, version] of Object.entries(ELB_SECURITY_POLICIES)) {
      const named = /-(?:TLS13|TLS|FS)-1-(\d)-/.exec(name);
      if (named) expect(`${name} ${version}`).toBe(`${name} 1.${named[1]}`);
    }
  });

  test("refuses a name ELB does not know, and points at a case slip", () => {
    expect(elbSecurityPolicy("ELBSecurityPolicy-TLS13-1-2-2021-06")).toBeUndefined();
    expect(elbSecurityPolicy("ELBSecurityPolicy-TLS13-1-2-2021-6")).toBe('a predefined ELB security policy like "ELBSecurityPolicy-TLS13-1-2-2021-06"');
    expect(elbSecurityPolicy("elbsecuritypolicy-tls13-1-2-2021-06")).toBe(
      'a predefined ELB security policy like "ELBSecurityPolicy-TLS13-1-2-2021-06" (names are case-sensitive: "ELBSecurityPolicy-TLS13-1-2-2021-06")',
    );
    expect(minimumTlsVersion("toString")).toBeUndefined();
  });
});
