import { z } from 'zod';

/**
 * The stalled-project thresholds (docs/domain.md, "Thresholds"), grouped per rule. Every
 * setting has its documented default and can be overridden alone; `enabled: false` switches a rule
 * off. Comparisons are part of each setting's contract and are stated on it.
 */
const months = (fallback: number) => z.number().int().min(0).max(120).default(fallback);
const days = (fallback: number) => z.number().int().min(0).max(3650).default(fallback);
const enabled = z.boolean().default(true);

/** The red threshold must lie beyond the yellow one, or red would swallow yellow. */
function redAfterYellow<Low extends string, High extends string>(low: Low, high: High) {
  return (rule: Record<Low | High, number>, ctx: z.RefinementCtx) => {
    if (rule[high] > rule[low]) return;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [high],
      message: `must be greater than ${low} (${rule[low]}), got ${rule[high]}`,
    });
  };
}

const startOverdue = z
  .object({
    enabled,
    /** Yellow from the day `plannedStartOn + yellowAfterMonths` (month-end clamped). Default 1. */
    yellowAfterMonths: months(1),
    /** Red from the day `plannedStartOn + redAfterMonths`. Default 3. */
    redAfterMonths: months(3),
  })
  .strict()
  .superRefine(redAfterYellow('yellowAfterMonths', 'redAfterMonths'));

const registrationOverdue = z
  .object({
    enabled,
    /** Yellow when the planned registration date is passed by MORE than this many days. Default 30. */
    graceDays: days(30),
  })
  .strict();

const lowFunds = z
  .object({
    enabled,
    /** Checked from the day `signedOn + afterMonths` (month-end clamped). Default 12. */
    afterMonths: months(12),
    /** Yellow when funds in place are BELOW this percentage of agreed investment (≤ 2 decimals). Default 25. */
    minPercent: z
      .number()
      .gt(0)
      .max(100)
      .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
        message: 'must have at most two decimals',
      })
      .default(25),
  })
  .strict();

const missingReport = z
  .object({
    enabled,
    /** The report of month P is due by this day of month P+1 (1–28); missing from the next day. Default 10. */
    dueDay: z.number().int().min(1).max(28, 'must be at most 28, so that every month has the due day').default(10),
    /** Missed cycles that make a yellow flag. Default 1. */
    yellowMissedCycles: z.number().int().min(1).max(120).default(1),
    /** Missed cycles that make a red flag. Default 2. */
    redMissedCycles: z.number().int().min(1).max(120).default(2),
  })
  .strict()
  .superRefine(redAfterYellow('yellowMissedCycles', 'redMissedCycles'));

const obstacleOpen = z
  .object({
    enabled,
    /** Yellow when an obstacle has been open MORE than this many days. Default 60. */
    yellowAfterDays: days(60),
    /** Red when open MORE than this many days. Default 120. */
    redAfterDays: days(120),
  })
  .strict()
  .superRefine(redAfterYellow('yellowAfterDays', 'redAfterDays'));

const noStageChange = z
  .object({
    enabled,
    /** Yellow when the last stage change is AT LEAST this many days before the as-of date. Default 180. */
    afterDays: days(180),
  })
  .strict();

/** Zod schema of the thresholds: every field optional on input, defaults filled in on output. */
export const stallThresholdsSchema = z
  .object({
    startOverdue: startOverdue.default({}),
    registrationOverdue: registrationOverdue.default({}),
    lowFunds: lowFunds.default({}),
    missingReport: missingReport.default({}),
    obstacleOpen: obstacleOpen.default({}),
    noStageChange: noStageChange.default({}),
  })
  .strict();

/** Complete thresholds, as the rules read them. */
export type StallThresholds = Readonly<{
  [Rule in keyof z.output<typeof stallThresholdsSchema>]: Readonly<z.output<typeof stallThresholdsSchema>[Rule]>;
}>;

/** Partial thresholds, as a config file or an analyst's mutation gives them. */
export type StallThresholdsInput = z.input<typeof stallThresholdsSchema>;

/** Thrown by parseStallThresholds; the message names every bad setting by its path. */
export class StallThresholdsError extends Error {
  constructor(readonly issues: readonly { readonly setting: string; readonly message: string }[]) {
    super(`Invalid stall thresholds: ${issues.map((issue) => `${issue.setting}: ${issue.message}`).join('; ')}`);
  }
}

/**
 * Validates partial thresholds and fills in the defaults. Unknown settings are refused (a typo
 * must not silently fall back to a default). Throws StallThresholdsError.
 */
export function parseStallThresholds(input: unknown = {}): StallThresholds {
  const result = stallThresholdsSchema.safeParse(input);
  if (result.success) return deepFreeze(result.data);
  throw new StallThresholdsError(
    result.error.issues.map((issue) => {
      const setting = issue.path.join('.') || '(thresholds)';
      if (issue.code === 'unrecognized_keys') {
        return {
          setting: issue.keys.map((key) => (setting === '(thresholds)' ? key : `${setting}.${key}`)).join(', '),
          message: 'unknown setting',
        };
      }
      return { setting, message: issue.message };
    }),
  );
}

/** The defaults, as docs/domain.md, "Thresholds" lists them. */
export const DEFAULT_STALL_THRESHOLDS: StallThresholds = parseStallThresholds({});

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}
