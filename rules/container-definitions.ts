/** Parsing of `aws_ecs_task_definition.container_definitions` (a JSON string in cdk.tf.json). */

export interface ContainerDefinition {
  readonly name?: string;
  readonly privileged?: unknown;
  readonly environment?: unknown;
  readonly secrets?: unknown;
  readonly readonlyRootFilesystem?: unknown;
  readonly [key: string]: unknown;
}

/**
 * The container definitions of a task definition, or undefined when they cannot be read at synth time
 * (for example `${jsonencode(...)}` or a reference).
 */
export function containerDefinitionsOf(attributes: Record<string, any>): ContainerDefinition[] | undefined {
  let value: unknown = attributes.container_definitions;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value)) return undefined;
  return value.filter((c): c is ContainerDefinition => c !== null && typeof c === "object");
}

export function containerLabel(container: ContainerDefinition, index: number): string {
  return typeof container.name === "string" ? `container "${container.name}"` : `container #${index}`;
}
