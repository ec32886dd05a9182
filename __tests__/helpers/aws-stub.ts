/**
 * A loopback stand-in for the few AWS calls the provider makes at plan time without credentials:
 * data sources only (SSM `GetParameter`, STS `GetCallerIdentity`). It listens on 127.0.0.1 on a
 * random port, answers with fixed, realistic values, refuses everything else with an AWS-style
 * error (so an unexpected call fails the plan loudly), and records every call for assertions.
 */
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

export const STUB_ACCOUNT_ID = "123456789012";
/** The AMI id every SSM parameter resolves to (the ECS-optimized AMI parameters hold AMI ids). */
export const STUB_AMI_ID = "ami-0123456789abcdef0";
/** Largest request body read; the provider's requests are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export interface AwsStub {
  /** `http://127.0.0.1:<port>`, for the provider's `endpoints` block. */
  readonly url: string;
  /** Every call answered or refused, as `Service.Operation`. */
  readonly calls: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) reject(new Error("request body too large"));
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "x-amzn-requestid": "00000000-0000-0000-0000-000000000000" });
  res.end(body);
}

/**
 * SSM speaks the AWS JSON 1.1 protocol (`X-Amz-Target: AmazonSSM.GetParameter`); STS speaks the
 * query protocol (form body `Action=GetCallerIdentity`, XML answer).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
async function handle(req: IncomingMessage, res: ServerResponse, calls: string[], region: string): Promise<void> {
  const body = await readBody(req);
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target === "AmazonSSM.GetParameter") {
    calls.push("SSM.GetParameter");
    const name = String((JSON.parse(body) as { Name?: string }).Name ?? "");
    const parameter = {
      Name: name,
      Type: "String",
      Value: STUB_AMI_ID,
      Version: 1,
      DataType: "aws:ec2:image",
      ARN: `arn:aws:ssm:${region}::parameter${name.startsWith("/") ? "" : "/"}${name}`,
    };
    answer(res, 200, "application/x-amz-json-1.1", JSON.stringify({ Parameter: parameter }));
    return;
  }
  if (new URLSearchParams(body).get("Action") === "GetCallerIdentity") {
    calls.push("STS.GetCallerIdentity");
    answer(
      res,
      200,
      "text/xml",
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${STUB_ACCOUNT_ID}:user/review</Arn><UserId>AIDAREVIEWSTUB</UserId><Account>${STUB_ACCOUNT_ID}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
    return;
  }
  calls.push(`unexpected ${target || body.slice(0, 60)}`);
  answer(res, 400, "application/x-amz-json-1.1", JSON.stringify({ __type: "UnknownOperationException", message: "not stubbed" }));
}

/** Starts the stub; `close()` it in `afterAll`. */
export function startAwsStub(region = "eu-west-1"): Promise<AwsStub> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    handle(req, res, calls, region).catch((e: Error) => answer(res, 400, "text/plain", e.message));
  });
  server.requestTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
