/**
 * The configs this project ships: configs/*.yaml|json and configs/examples/*.yaml|json (not sub-folders,
 * which hold overlays and other partial configs). One definition for the tests and the tools.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export function bundledConfigFiles(root: string): string[] {
  const list = (dir: string): string[] => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      return [];
    }
    return names
      .filter((f) => f.endsWith(".yaml") || f.endsWith(".json"))
      .sort()
      .map((f) => join(dir, f));
  };
  return [...list("configs"), ...list("configs/examples")];
}
