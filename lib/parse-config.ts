import type { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A rule across settings, checked on the raw environment: `{ setting, message }` when broken. */
export type CrossCheck = (env: NodeJS.ProcessEnv) => { setting: string; message: string } | null;

/**
 * Validates a process's environment once at start. The error names every bad setting so an
 * operator fixes them all in one go instead of one per restart. Cross-setting rules run on the
 * raw environment, so they are reported together with the settings' own problems (a zod refine
 * would only run once every single setting is valid).
 */
export function parseConfig<T>(
  process: string,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  env: NodeJS.ProcessEnv,
  crossChecks: readonly CrossCheck[] = [],
): T {
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  for (const check of crossChecks) {
    const broken = check(env);
    if (broken) problems.push(`  ${broken.setting}: ${broken.message}`);
  }
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(`invalid ${process} configuration:\n${problems.join('\n')}`);
}
