import * as fs from "node:fs";

/**
 * Posts the review report as ONE pull-request comment and updates it on later pushes, the way
 * the GitHub Actions workflow (.github/workflows/review.yml) runs it:
 *   node dist/tools/review/pr-comment.js review.md
 * with GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_EVENT_PATH (the pull_request event) set.
 * The comment is found again by a hidden marker line.
 * REST API: https://docs.github.com/en/rest/issues/comments
 */
export const MARKER = "<!-- cdktf-ecs-ec2 review -->";
/** GitHub refuses comment bodies above 65536 characters. */
export const MAX_BODY_CHARS = 65536;
const PER_PAGE = 100;

export interface ApiResponse {
  status: number;
  json: unknown;
}

/** The few GitHub REST calls the comment needs; `fetchApi` is the real one, tests pass a fake. */
export interface GitHubApi {
  request(method: "GET" | "POST" | "PATCH", path: string, body?: object): Promise<ApiResponse>;
}

export class CommentError extends Error {}

/** The comment body: marker, report, and a note when the report had to be shortened. */
export function commentBody(report: string): string {
  const body = `${MARKER}\n${report.trim()}\n`;
  if (body.length <= MAX_BODY_CHARS) return body;
  const note = "\n\n_… the report is longer than a comment may be; the full report is in the workflow run's `review.md` artifact._\n";
  return body.slice(0, MAX_BODY_CHARS - note.length) + note;
}

interface Comment {
  id: number;
  body?: string;
}

/** Create the review comment, or update the one that carries the marker. */
export async function upsertComment(api: GitHubApi, repo: string, pullNumber: number, report: string): Promise<{ action: "created" | "updated"; id: number }> {
  const body = commentBody(report);
  for (let page = 1; ; page++) {
    const res = await api.request("GET", `/repos/${repo}/issues/${pullNumber}/comments?per_page=${PER_PAGE}&page=${page}`);
    if (res.status !== 200 || !Array.isArray(res.json)) throw new CommentError(`listing comments failed: HTTP ${res.status}`);
    const comments = res.json as Comment[];
    const mine = comments.find((c) => typeof c.body === "string" && c.body.startsWith(MARKER));
    if (mine) {
      const upd = await api.request("PATCH", `/repos/${repo}/issues/comments/${mine.id}`, { body });
      if (upd.status !== 200) throw new CommentError(`updating comment ${mine.id} failed: HTTP ${upd.status}`);
      return { action: "updated", id: mine.id };
    }
    if (comments.length < PER_PAGE) break;
  }
  const created = await api.request("POST", `/repos/${repo}/issues/${pullNumber}/comments`, { body });
  if (created.status !== 201) throw new CommentError(`creating the comment failed: HTTP ${created.status}`);
  return { action: "created", id: (created.json as Comment).id };
}

/** The GitHub REST API over `fetch`, authenticated with a token. */
export function fetchApi(token: string, baseUrl = "https://api.github.com"): GitHubApi {
  return {
    async request(method, path, body) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${token}`,
          "x-github-api-version": "2022-11-28",
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
  };
}

/** Entry point: `pr-comment.js <report.md>`; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, api?: GitHubApi, log: (t: string) => void = console.log): Promise<number> {
  try {
    const [file] = argv;
    if (!file) throw new CommentError("usage: pr-comment.js <report.md>");
    const repo = env.GITHUB_REPOSITORY;
    const eventPath = env.GITHUB_EVENT_PATH;
    if (!repo || !eventPath) throw new CommentError("GITHUB_REPOSITORY and GITHUB_EVENT_PATH must be set (run inside GitHub Actions)");
    const event = JSON.parse(fs.readFileSync(eventPath, "utf8")) as { pull_request?: { number?: number } };
    const number = event.pull_request?.number;
    if (typeof number !== "number") throw new CommentError("the event is not a pull_request event (no pull_request.number)");
    if (!api && !env.GITHUB_TOKEN) throw new CommentError("GITHUB_TOKEN must be set");
    const report = fs.readFileSync(file, "utf8");
    const result = await upsertComment(api ?? fetchApi(env.GITHUB_TOKEN!, env.GITHUB_API_URL), repo, number, report);
    log(`review comment ${result.action}: ${result.id}`);
    return 0;
  } catch (e) {
    log(`pr-comment: ${(e as Error).message}`);
    return e instanceof CommentError ? 2 : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
