/**
 * With the real hashicorp/aws provider (no AWS account: fake keys, skip_* settings, SSM and STS
 * endpoints on a loopback stub), the launch template a plan proposes does not depend on the value
 * of the AMI's SSM parameter under the default image policy, and does under follow-on-apply.
 * Two plans per config, the stub answering GetParameter with a different AMI id each time.
 */
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBundled, removeSynthFolders, synthToDisk } from "../../helpers/synth";
import { offlineAwsProvider } from "../../helpers/real-plan";
import { assertTerraformInstalled, terraform } from "../../helpers/terraform";

const AMI_A = "ami-0aaaaaaaaaaaaaaa1";
const AMI_B = "ami-0bbbbbbbbbbbbbbb2";

/** SSM (JSON 1.1: X-Amz-Target AmazonSSM.GetParameter) and STS answers; the AMI id is read from a file per request. */
const STUB = `
const http = require("http");
const fs = require("fs");
const [valueFile] = process.argv.slice(1);
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const target = req.headers["x-amz-target"] || "";
    if (target === "AmazonSSM.GetParameter") {
      const name = JSON.parse(body).Name;
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ Parameter: { Name: name, Type: "String", Value: fs.readFileSync(valueFile, "utf8"), Version: 1, DataType: "text",
        ARN: "arn:aws:ssm:eu-west-1::parameter" + name } }));
    } else if (body.includes("Action=GetCallerIdentity")) {
      res.writeHead(200, { "content-type": "text/xml" });
      res.end('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/stub</Arn><UserId>AIDASTUB</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
    } else {
      res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ __type: "UnknownOperationException", message: "stub: " + target }));
    }
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

let stub: ChildProcess;
let port: number;
const work = mkdtempSync(join(tmpdir(), "host-image-plan-"));
const valueFile = join(work, "ami");

beforeAll(async () => {
  writeFileSync(valueFile, AMI_A);
  stub = spawn(process.execPath, ["-e", STUB, valueFile], { stdio: ["ignore", "pipe", "inherit"] });
  port = await new Promise<number>((resolve, reject) => {
    stub.stdout!.once("data", (d) => resolve(Number(String(d).trim())));
    stub.once("exit", () => reject(new Error("stub exited")));
  });
});

afterAll(() => {
  stub?.kill();
  removeSynthFolders();
  rmSync(work, { recursive: true, force: true });
});

/** The launch template of a plan made while the parameter holds `ami`. */
function plannedLaunchTemplate(dir: string, ami: string): any {
  writeFileSync(valueFile, ami);
  const plan = terraform(dir, ["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-out=tfplan"]);
  if (!plan.ok) throw new Error(`terraform plan failed:\n${plan.output}`);
  const show = terraform(dir, ["show", "-json", "tfplan"]);
  if (!show.ok) throw new Error(`terraform show failed:\n${show.output}`);
  const changes = JSON.parse(show.output).resource_changes as any[];
  const lt = changes.filter((c) => c.type === "aws_launch_template");
  expect(lt).toHaveLength(1);
  return lt[0].change.after;
}

function prepare(config: string): string {
  const [stack] = synthToDisk(loadBundled(config));
  // Fake credentials and loopback endpoints: the provider configures and plans without AWS.
  writeFileSync(
    join(stack.dir, "offline_override.tf.json"),
    JSON.stringify({
      terraform: { backend: { local: { path: join(stack.dir, "terraform.tfstate") } } },
      provider: {
        aws: offlineAwsProvider(`http://127.0.0.1:${port}`),
      },
    }),
  );
  const init = terraform(stack.dir, ["init", "-input=false", "-no-color"]);
  if (!init.ok) throw new Error(`terraform init failed:\n${init.output}`);
  return stack.dir;
}

describe("launch template vs the AMI parameter's value (real provider plan)", () => {
  test("the terraform CLI is installed", () => {
    expect(assertTerraformInstalled).not.toThrow();
  });

  test("latest-at-launch (default config): the same template whichever AMI the parameter holds", () => {
    const dir = prepare("configs/default.yaml");
    const a = plannedLaunchTemplate(dir, AMI_A);
    const b = plannedLaunchTemplate(dir, AMI_B);
    expect(a.image_id).toBe("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
    expect(b).toEqual(a);
    expect(readFileSync(valueFile, "utf8")).toBe(AMI_B);
  });

  test("follow-on-apply: the template takes the parameter's value, so a new AMI changes it", () => {
    const dir = prepare("configs/examples/host-images-follow-on-apply.yaml");
    const a = plannedLaunchTemplate(dir, AMI_A);
    const b = plannedLaunchTemplate(dir, AMI_B);
    expect([a.image_id, b.image_id]).toEqual([AMI_A, AMI_B]);
  });
});
