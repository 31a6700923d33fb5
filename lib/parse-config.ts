import type { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates a process's environment once at start. The error names every bad setting so an
 * operator fixes them all in one go instead of one per restart.
 */
export function parseConfig<S extends z.ZodTypeAny>(process: string, schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid ${process} configuration:\n${problems.join('\n')}`);
}
