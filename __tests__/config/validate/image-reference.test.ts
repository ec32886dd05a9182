import { imageReference } from "../../../config/validate/image-reference";

// Docker's reference grammar: https://github.com/distribution/reference/blob/main/reference.go
describe("imageReference", () => {
  const allowed = "an image reference Docker accepts, like nginx:1.27, public.ecr.aws/nginx/nginx:1.27 or name@sha256:<64 hex digits>";
  const digest = `sha256:${"a1".repeat(32)}`;

  test.each([
    "nginx",
    "nginx:1.27",
    "public.ecr.aws/nginx/nginx:1.27",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1.2.3-rc_1",
    "localhost:5000/app",
    "Registry.Example.com/app:latest",
    `busybox@${digest}`,
    `ghcr.io/org/app:1.0@${digest}`,
    "my_org/my-app__x:tag",
  ])("accepts %s", (value) => expect(imageReference(value)).toBeUndefined());

  test("refuses upper case in the repository path", () => {
    expect(imageReference("myorg/MyApp:1")).toBe(`${allowed}: the repository "myorg/MyApp" must be lower-case letters, digits and single . _ or - between them`);
  });

  test("refuses a tag longer than 128 characters or starting with a dot", () => {
    expect(imageReference(`nginx:${"a".repeat(129)}`)).toBe(`${allowed}: the tag "${"a".repeat(129)}" must be 1 to 128 letters, digits, _ . - not starting with . or -`);
    expect(imageReference("nginx:.hidden")).toBe(`${allowed}: the tag ".hidden" must be 1 to 128 letters, digits, _ . - not starting with . or -`);
    expect(imageReference(`nginx:${"a".repeat(128)}`)).toBeUndefined();
  });

  test("refuses a digest that is not sha256 and 64 lower-case hex digits", () => {
    expect(imageReference("nginx@sha256:abc")).toBe(`${allowed}: the digest must be sha256: and 64 lower-case hex digits`);
    expect(imageReference(`nginx@${digest.toUpperCase()}`)).toBe(`${allowed}: the digest must be sha256: and 64 lower-case hex digits`);
  });

  test("refuses spaces, empty names and bad separators", () => {
    expect(imageReference("nginx 1.27")).toBe(`${allowed}: the repository "nginx 1.27" must be lower-case letters, digits and single . _ or - between them`);
    expect(imageReference(":1.27")).toBe(allowed);
    expect(imageReference("app..x")).toBe(`${allowed}: the repository "app..x" must be lower-case letters, digits and single . _ or - between them`);
  });
});
