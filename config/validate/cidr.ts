/**
 * CIDR blocks as EC2 security group rules take them: an IPv4 block in dotted four-part decimal
 * (each octet 0-255, prefix 0-32) or an IPv6 block (prefix 0-128), both written as the network
 * address (host bits zero). Parsed with ipaddr.js.
 *
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Ipv6Range.html
 */
import * as ipaddr from "ipaddr.js";

/** Problem with a CIDR block, as the "allowed" phrase; undefined when AWS accepts it. */
export function cidrBlock(value: string): string | undefined {
  const slash = value.indexOf("/");
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  const allowed = "an IPv4 CIDR block like 10.0.0.0/16 (octets 0-255, prefix 0-32) or an IPv6 CIDR block like 2001:db8::/32 (prefix 0-128)";
  if (slash < 0 || !/^\d{1,3}$/.test(prefix)) return allowed;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    if (Number(prefix) > 32) return allowed;
    const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
    return network === address ? undefined : `a network address: the host bits must be zero, like ${network}/${Number(prefix)}`;
  }
  // A zone id (fe80::1%eth0) is an interface on one host, not a block AWS can route.
  if (address.includes(":") && !address.includes("%") && ipaddr.IPv6.isValid(address)) {
    if (Number(prefix) > 128) return allowed;
    const network = ipaddr.IPv6.networkAddressFromCIDR(value);
    return network.toString() === ipaddr.IPv6.parse(address).toString() ? undefined : `a network address: the host bits must be zero, like ${network.toString()}/${Number(prefix)}`;
  }
  return allowed;
}
