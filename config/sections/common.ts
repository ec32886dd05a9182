/** Value types shared by the config sections. */
import { refine, string } from "../schema-dsl";
import { cidrBlock } from "../validate/cidr";

export const name = string({
  pattern: /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/,
  maxLength: 32,
  describe: "a name of 1 to 32 lowercase letters, digits and dashes, starting with a letter",
});
export const subnetId = string({ pattern: /^subnet-[0-9a-f]{8,17}$/, describe: "a subnet id like subnet-0abc1234" });
export const cidr = refine(
  string({
    pattern: /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/,
    describe: "an IPv4 or IPv6 CIDR block like 10.0.0.0/16",
  }),
  cidrBlock,
);
export const arn = (service: string) => string({ pattern: new RegExp(`^arn:aws[a-z-]*:${service}:`), describe: `an ARN like arn:aws:${service}:...` });
