/**
 * What `npm run docs` generates is up to date: the JSON Schema, the configuration reference and
 * the security rule reference. A key or rule changed without `npm run docs` fails here.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { JSON_SCHEMA_FILE, generatedFiles } from "../../../tools/docs/generate";
import { bundledConfigs } from "../../helpers/synth";

const ROOT = join(__dirname, "..", "..", "..");

describe("generated files", () => {
  test.each(generatedFiles(ROOT).map(({ file, content }) => [file, content]))("%s is up to date (npm run docs)", (file, content) => {
    const onDisk = readFileSync(join(ROOT, file), "utf8");
    // Compared as lines: a failure names the first stale line, not a 100 KB string.
    expect(onDisk.split("\n")).toEqual(content.split("\n"));
  });

  test("the JSON Schema describes every top-level key and refuses unknown ones", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, JSON_SCHEMA_FILE), "utf8"));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "region", "network"]);
    expect(schema.properties.capacity.properties.dockerVolume.properties.sizeGiB).toEqual(expect.objectContaining({ type: "integer", minimum: 8, maximum: 16384, default: 50 }));
    expect(schema.properties.network.properties.hostSubnetIds.description).toMatch(/Subnets for the container hosts/);
  });

  test.each(bundledConfigs())("%s names the JSON Schema in its first line, so editors check it", (file) => {
    const first = readFileSync(join(ROOT, file), "utf8").split("\n")[0];
    const schemaPath = relative(dirname(join(ROOT, file)), join(ROOT, JSON_SCHEMA_FILE));
    expect(first).toBe(`# yaml-language-server: $schema=${schemaPath}`);
  });
});
