import { parseConfig, ConfigError } from "../../config/load";
const base = require("fs").readFileSync("/work/main/configs/default.yaml","utf8");
test("probe", () => {});
function t(label: string, text: string | Buffer) {
  try { parseConfig(text, "x.yaml"); console.log(label, "OK"); }
  catch (e) { console.log(label, (e as Error).constructor.name, JSON.stringify((e as any).issues ?? (e as Error).message).slice(0, 300)); }
}
t("scalar", "42");
t("empty", "");
t("array", "[1,2]");
t("proto", base + "\n__proto__: {polluted: 1}\n");
t("tagproto", base.replace("team: platform", "team: platform\n  __proto__: x"));
t("nan", base.replace("minSize: 1", "minSize: .nan"));
t("inf", base.replace("minSize: 1", "minSize: .inf"));
t("deep", "a: " + "[".repeat(100000) + "]".repeat(100000));
t("deepmap", "a:\n" + Array.from({length: 5000}, (_, i) => " ".repeat(i+1) + "b:").join("\n"));
t("laughs", 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n');
t("binary", base + "\nx: !!binary aGVsbG8=\n");
t("deploy", base.replace("desiredCount: 2", "desiredCount: 2\n    deployment: {minimumHealthyPercent: 100, maximumPercent: 100}"));
console.log(({} as any).polluted);
