/**
 * The GitHub Actions workflow and its script steps, run locally: the review and SARIF commands
 * parse (the SARIF one really runs), and the comment script creates one comment and then updates
 * it, against a fake GitHub API.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { main as reviewMain, parseArgs } from "../../../tools/review/cli";
import { commentBody, GitHubApi, main as commentMain, MARKER, MAX_BODY_CHARS, upsertComment } from "../../../tools/review/pr-comment";

const ROOT = path.join(__dirname, "..", "..", "..");
const workflow = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "review.yml"), "utf8"));
const steps: Array<{ name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }> = workflow.jobs.review.steps;

/** A `run:` line as the shell splits it, with the workflow expressions a pull request gives. */
function argv(run: string): string[] {
  const line = run.replace("${{ github.base_ref }}", "main");
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function runStep(prefix: string): string[] {
  const step = steps.find((s) => s.run?.startsWith(prefix));
  expect(step).toBeDefined();
  return argv(step!.run!);
}

/** An in-memory GitHub: issue comments of one pull request. */
function fakeGitHub(existing: Array<{ id: number; body: string }> = []): GitHubApi & { comments: Array<{ id: number; body: string }>; calls: string[] } {
  const comments = [...existing];
  const calls: string[] = [];
  return {
    comments,
    calls,
    async request(method, url, body) {
      calls.push(`${method} ${url}`);
      const list = /^\/repos\/acme\/infra\/issues\/7\/comments\?per_page=100&page=(\d+)$/.exec(url);
      if (method === "GET" && list) {
        const page = Number(list[1]);
        return { status: 200, json: comments.slice((page - 1) * 100, page * 100) };
      }
      if (method === "POST" && url === "/repos/acme/infra/issues/7/comments") {
        const c = { id: 1000 + comments.length, body: (body as { body: string }).body };
        comments.push(c);
        return { status: 201, json: c };
      }
      const patch = /^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(url);
      if (method === "PATCH" && patch) {
        const c = comments.find((x) => x.id === Number(patch[1]))!;
        c.body = (body as { body: string }).body;
        return { status: 200, json: c };
      }
      return { status: 404, json: null };
    },
  };
}

describe(".github/workflows/review.yml", () => {
  test("runs on pull requests with only the permissions it uses", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write", "security-events": "write" });
    expect(steps.map((s) => s.uses ?? s.run!.split(" ").slice(0, 3).join(" "))).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm ci",
      "npm run review",
      "npm run review",
      "actions/upload-artifact@v4",
      "node dist/tools/review/pr-comment.js review.md",
      "github/codeql-action/upload-sarif@v3",
    ]);
    expect(steps[0].with).toEqual({ "fetch-depth": 0 });
  });

  test("the review step compares the base branch with the pull request's head", () => {
    const args = runStep("npm run review --");
    expect(args.slice(0, 4)).toEqual(["npm", "run", "review", "--"]);
    expect(parseArgs(args.slice(4))).toMatchObject({ git: true, base: "origin/main", head: "HEAD", out: "review.md", format: "markdown" });
  });

  test("the SARIF step runs here and writes SARIF the upload step reads", () => {
    const args = runStep("npm run review -- --format sarif").slice(4);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-workflow-"));
    const out = path.join(tmp, String(upload.with!.sarif_file));
    let err = "";
    const code = reviewMain(
      args.map((a) => (a === "rules.sarif" ? out : a)),
      { stdout: () => undefined, stderr: (t) => (err += t) },
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toMatchObject({ version: "2.1.0", runs: [expect.objectContaining({ results: expect.any(Array) })] });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("the comment step runs the compiled pr-comment script on the review step's output", () => {
    const args = runStep("node dist/tools/review/pr-comment.js");
    expect(fs.existsSync(path.join(ROOT, args[1].replace(/^dist\//, "").replace(/\.js$/, ".ts")))).toBe(true);
    expect(args[2]).toBe(parseArgs(runStep("npm run review --").slice(4)).out);
    expect(steps.find((s) => s.run?.startsWith("node dist/tools/review/pr-comment.js"))!.env).toEqual({ GITHUB_TOKEN: "${{ secrets.GITHUB_TOKEN }}" });
  });
});

describe("tools/review/pr-comment", () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-comment-"));
    fs.writeFileSync(path.join(tmp, "event.json"), JSON.stringify({ pull_request: { number: 7 } }));
    fs.writeFileSync(path.join(tmp, "review.md"), "## Infrastructure review\n\n**1 to add**\n");
    env = { GITHUB_REPOSITORY: "acme/infra", GITHUB_EVENT_PATH: path.join(tmp, "event.json") };
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("creates one comment, then updates that same comment on the next push", async () => {
    const gh = fakeGitHub([{ id: 1, body: "LGTM" }]);
    const log: string[] = [];
    expect(await commentMain([path.join(tmp, "review.md")], env, gh, (t) => log.push(t))).toBe(0);
    fs.writeFileSync(path.join(tmp, "review.md"), "## Infrastructure review\n\n**2 to add**\n");
    expect(await commentMain([path.join(tmp, "review.md")], env, gh, (t) => log.push(t))).toBe(0);
    expect(log).toEqual(["review comment created: 1001", "review comment updated: 1001"]);
    expect(gh.comments).toEqual([
      { id: 1, body: "LGTM" },
      { id: 1001, body: `${MARKER}\n## Infrastructure review\n\n**2 to add**\n` },
    ]);
  });

  test("finds its comment on a later page of a long discussion", async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `comment ${i}` }));
    const gh = fakeGitHub([...others, { id: 500, body: `${MARKER}\nold` }]);
    expect(await upsertComment(gh, "acme/infra", 7, "new")).toEqual({ action: "updated", id: 500 });
    expect(gh.calls).toEqual([
      "GET /repos/acme/infra/issues/7/comments?per_page=100&page=1",
      "GET /repos/acme/infra/issues/7/comments?per_page=100&page=2",
      "PATCH /repos/acme/infra/issues/comments/500",
    ]);
  });

  test("shortens a report longer than GitHub accepts, saying where the full one is", () => {
    const body = commentBody("x".repeat(MAX_BODY_CHARS * 2));
    expect(body.length).toBe(MAX_BODY_CHARS);
    expect(body).toContain("the full report is in the workflow run's `review.md` artifact");
  });

  test("exits 2 with one line outside a pull request, and on an API failure", async () => {
    const log: string[] = [];
    fs.writeFileSync(path.join(tmp, "push.json"), JSON.stringify({ ref: "refs/heads/main" }));
    const push = { ...env, GITHUB_EVENT_PATH: path.join(tmp, "push.json") };
    expect(await commentMain([path.join(tmp, "review.md")], push, fakeGitHub(), (t) => log.push(t))).toBe(2);
    const broken: GitHubApi = { request: async () => ({ status: 403, json: { message: "Resource not accessible by integration" } }) };
    expect(await commentMain([path.join(tmp, "review.md")], env, broken, (t) => log.push(t))).toBe(2);
    expect(log).toEqual(["pr-comment: the event is not a pull_request event (no pull_request.number)", "pr-comment: listing comments failed: HTTP 403"]);
  });
});
