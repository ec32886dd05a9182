import { cidrBlock } from "../../../config/validate/cidr";

// EC2 security group rules take CIDR blocks as network addresses; the AWS provider 5.100.0 refuses
// host bits at validate ("must be a valid IPv4 CIDR that represents a network address", measured
// with terraform validate). https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html
describe("cidrBlock", () => {
  test.each(["0.0.0.0/0", "10.0.0.0/16", "192.168.1.7/32", "::/0", "2001:db8::/32", "2001:db8:0:1::/64"])("accepts %s", (value) => {
    expect(cidrBlock(value)).toBeUndefined();
  });

  test.each(["10.0.0.256/16", "300.1.1.1/8", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "fe80::1%eth0/64", "1.2.3.4", "2001:db8:::/32"])("refuses %s", (value) => {
    expect(cidrBlock(value)).toBe("an IPv4 CIDR block like 10.0.0.0/16 (octets 0-255, prefix 0-32) or an IPv6 CIDR block like 2001:db8::/32 (prefix 0-128)");
  });

  test("asks for the network address when host bits are set", () => {
    expect(cidrBlock("10.0.0.5/16")).toBe("a network address: the host bits must be zero, like 10.0.0.0/16");
    expect(cidrBlock("2001:db8::1/32")).toBe("a network address: the host bits must be zero, like 2001:db8::/32");
  });
});
