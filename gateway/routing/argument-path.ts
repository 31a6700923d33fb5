import { valueFromASTUntyped, type FieldNode } from 'graphql';

/**
 * The value at an argument path of a field, e.g. ["input", "projectId"], resolving variables.
 * Undefined when any step is missing.
 */
export function argumentAt(field: FieldNode, path: readonly string[], variables: Record<string, unknown> | undefined): unknown {
  const [argumentName, ...rest] = path;
  const argument = field.arguments?.find((a) => a.name.value === argumentName);
  if (!argument) return undefined;
  let value: unknown = valueFromASTUntyped(argument.value, variables);
  for (const step of rest) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}
