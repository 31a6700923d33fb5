import type { z } from 'zod';
import { ErrorCode, hubError } from './errors.js';

/**
 * Checks an input against a zod schema before anything is written. A failure becomes one
 * BAD_USER_INPUT error whose message names the first bad field and whose `extensions.issues`
 * lists every problem found.
 */
export function validateInput<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown, root = 'input'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  throw hubError(ErrorCode.BAD_USER_INPUT, `${first.field}: ${first.message}`, { field: first.field, issues });
}
