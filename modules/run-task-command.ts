/**
 * The `aws ecs run-task` command line for a one-off task, and the container overrides JSON it
 * shares with scheduled runs. Pure functions: no constructs, no I/O.
 *
 * RunTask: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */

export interface ContainerOverrideProps {
  /** @default - the container's own command */
  readonly command?: string[];
  /** Variables added to (or replacing same-named ones of) the container's environment. @default - none */
  readonly environment?: Record<string, string>;
}

/** RunTask `overrides` object: `{"containerOverrides":[{"name":...,"command":[...],"environment":[...]}]}`. */
export function taskOverrides(overrides: Record<string, ContainerOverrideProps>): { containerOverrides: Record<string, unknown>[] } {
  return {
    containerOverrides: Object.keys(overrides)
      .sort()
      .map((name) => {
        const o = overrides[name];
        const env = o.environment ?? {};
        const out: Record<string, unknown> = { name };
        if (o.command) out.command = o.command;
        if (Object.keys(env).length > 0)
          out.environment = Object.keys(env)
            .sort()
            .map((k) => ({ name: k, value: env[k] }));
        return out;
      }),
  };
}

export interface RunTaskCommandOptions {
  readonly region: string;
  /** Cluster name or ARN. */
  readonly cluster: string;
  /** Task definition family (latest ACTIVE revision) or ARN. */
  readonly taskDefinition: string;
  readonly capacityProvider: string;
  /** @default 1 */
  readonly count?: number;
  /** Overrides from the config; a placeholder override of `placeholderContainer` when empty. */
  readonly overrides?: Record<string, ContainerOverrideProps>;
  /** Container named in the placeholder override. */
  readonly placeholderContainer: string;
}

/** Quotes a word for POSIX shells. Terraform references (names known at apply) stay as they are. */
export function shellQuote(word: string): string {
  if (/^\$\{[^}]+\}$/.test(word)) return word;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * A ready-to-run `aws ecs run-task` command. Without configured overrides it carries a
 * placeholder `--overrides` to edit (command and environment of the first container).
 */
export function runTaskCommand(options: RunTaskCommandOptions): string {
  const configured = options.overrides ?? {};
  const overrides =
    Object.keys(configured).length > 0 ? taskOverrides(configured) : taskOverrides({ [options.placeholderContainer]: { command: ["CHANGE-ME"], environment: { NAME: "value" } } });
  const words = [
    "aws",
    "ecs",
    "run-task",
    "--region",
    options.region,
    "--cluster",
    options.cluster,
    "--task-definition",
    options.taskDefinition,
    "--capacity-provider-strategy",
    `capacityProvider=${options.capacityProvider},weight=1,base=0`,
    "--count",
    String(options.count ?? 1),
    "--started-by",
    "run-task-command",
    "--overrides",
    JSON.stringify(overrides),
  ];
  return words.map(shellQuote).join(" ");
}
