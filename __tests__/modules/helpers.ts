/** A stack to build one construct in directly, as a TypeScript user of modules/ would. */
import { TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack, Testing } from "../../framework/cdktf";
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

/** The stack's synth as JSON, without validations. */
export function synth(s: TerraformStack): any {
  return JSON.parse(Testing.synth(s));
}

/** The synthesized arguments of one resource or data source (snake_case keys, references as `${...}`). */
export function block(json: any, element: TerraformResource | TerraformDataSource): any {
  const section = element instanceof TerraformDataSource ? json.data : json.resource;
  return section?.[element.terraformResourceType]?.[element.friendlyUniqueId];
}

/** Every synthesized block of one type, e.g. all `aws_sqs_queue` resources. */
export function blocks(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** A reference to an attribute of `element` as the synth writes it: `${aws_sqs_queue.<id>.arn}`. */
export function ref(element: TerraformResource | TerraformDataSource, attribute: string): string {
  const data = element instanceof TerraformDataSource ? "data." : "";
  return `\${${data}${element.terraformResourceType}.${element.friendlyUniqueId}.${attribute}}`;
}

/** The statements of a synthesized policy document (`policy` or `assume_role_policy`). */
export function statements(document: string): any[] {
  return JSON.parse(document).Statement;
}

let outputs = 0;
/** `value` as the synth writes it (tokens become `${...}` references), read back through a Terraform output. */
export function resolved(s: TerraformStack, value: unknown): any {
  const id = `resolved-${outputs++}`;
  new TerraformOutput(s, id, { value });
  return synth(s).output[id].value;
}
