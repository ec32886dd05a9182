/**
 * The test tree mirrors the source tree (docs/contributing.md, "Where a test goes"), so the test of
 * a file is found without searching: every folder under __tests__/ is a source folder, names a
 * source file (`main/` tests `main.ts`, `stacks/operations/` tests `stacks/operations.ts`), or is
 * a topic folder listed here. `helpers/` and `fixtures/` folders hold no tests of their own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ROOT = join(__dirname, "..");

/** Topic folders: a source folder's tests grouped by what they cover, with no source folder of that name. */
const TOPICS: Record<string, string> = {
  "config/fuzz": "generated configs (fast-check) against the schema and the cross-key checks",
  "stacks/services": "services, containers, load balancing and task roles, from config to synthesized JSON",
  "stacks/scaling": "host capacity, service auto scaling, draining and host updates, from config to synthesized JSON",
  "stacks/terraform": "every bundled config through terraform validate, plan and a mock apply",
};

/** Folders under __tests__/ that are not mirrors: shared harness and test data. */
const isSupport = (folder: string) => folder === "helpers" || folder.split("/").includes("fixtures");

/** Top-level source folders and files (without `.ts`), as tsconfig.json compiles them. */
function sourceRoots(): string[] {
  const include: string[] = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")).include;
  return include.map((pattern) => pattern.split("/")[0].replace(/\.ts$/, ""));
}

/** Every folder under __tests__/, relative to it, with `/` separators. */
function testFolders(dir = __dirname): string[] {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap((path) => [relative(__dirname, path).split(sep).join("/"), ...testFolders(path)]);
}

const mirrors = (folder: string) => existsSync(join(ROOT, folder)) || existsSync(join(ROOT, `${folder}.ts`));

describe("the test tree", () => {
  test("mirrors the source tree: each test folder is a source folder or file, or a listed topic", () => {
    const roots = sourceRoots();
    const stray = testFolders()
      .filter((folder) => !isSupport(folder))
      .filter((folder) => !roots.includes(folder.split("/")[0]) || !(mirrors(folder) || folder in TOPICS));
    expect(stray).toEqual([]);
  });

  test("lists only topic folders that exist, each under a source folder", () => {
    const folders = testFolders();
    expect(Object.keys(TOPICS).filter((topic) => !folders.includes(topic) || !mirrors(topic.split("/").slice(0, -1).join("/")))).toEqual([]);
  });

  test("keeps test files in the mirrored folders, not at the root (but the tests of the tree itself)", () => {
    const atRoot = readdirSync(__dirname).filter((name) => name.endsWith(".test.ts"));
    expect(atRoot.sort()).toEqual(["layering.test.ts", "layout.test.ts"]);
  });
});
