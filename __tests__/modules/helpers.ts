/** A stack to build one construct in directly, as a TypeScript user of modules/ would. */
import { Testing, TerraformStack } from "../../framework/cdktf";
import { AwsProvider } from "../../framework/provider-aws";

export function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "test");
  new AwsProvider(s, "aws", { region: "eu-west-1" });
  return s;
}

/** The stack's synth with validations, as `cdktf synth` runs it; throws when an invariant fails. */
export function synthValidated(s: TerraformStack): any {
  return JSON.parse(Testing.synth(s, true));
}
