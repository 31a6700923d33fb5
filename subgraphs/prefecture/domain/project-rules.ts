import { z } from 'zod';
import { storedTextProblem } from '../../../lib/text-rules.js';
import { todayIn } from '../../../lib/calendar.js';

/**
 * Semantic rules of project input that GraphQL types cannot express: lengths, formats, ranges and
 * the order of dates. Both create and update run the merged record (current values + patch)
 * through `checkProjectRecord`, so an update cannot produce a record create would refuse.
 */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // trim() leaves zero-width characters, NUL and lone surrogates: a stored text must show something real.
    .superRefine((value, ctx) => {
      const problem = storedTextProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
const optionalText = (max: number) => text(max).nullish();

/** 投资项目代码: YYYY-XXXXXX-XX-XX-XXXXXX (year, 6-digit area code, 2, 2, 6). */
export const NATIONAL_PROJECT_CODE = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/;
/** 统一社会信用代码 (GB 32100-2015): 18 characters from digits and capitals without I, O, Z, S, V. */
export const UNIFIED_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const nonNegativeMoney = z
  .bigint()
  .nonnegative('must not be negative')
  .max(10n ** 17n, 'is implausibly large');

export const projectRecordSchema = z
  .object({
    name: text(200),
    ledgerNumber: optionalText(50),
    nationalCode: z.string().regex(NATIONAL_PROJECT_CODE, 'must look like 2019-530100-44-03-012345').nullish(),
    eventName: optionalText(200),
    signingUnit: optionalText(200),
    county: optionalText(100),
    industry: text(100),
    industryDepartment: optionalText(200),
    leadOfficial: optionalText(100),
    promotionPlan: optionalText(4000),
    supportingPolicy: optionalText(4000),
    promotionTeam: optionalText(4000),
    investorName: text(200),
    investorCreditCode: z
      .string()
      .regex(UNIFIED_CREDIT_CODE, 'must be an 18-character unified social credit code')
      .nullish(),
    investorOrigin: optionalText(100),
    agreedInvestment: nonNegativeMoney,
    investmentCompleted: nonNegativeMoney.nullish(),
    signedOn: z.string().nullish(),
    cohortYear: z.number().int().min(1990, 'must be 1990 or later').max(2100, 'must be 2100 or earlier'),
    actualRegistrationOn: z.string().nullish(),
    actualStartOn: z.string().nullish(),
    actualProductionOn: z.string().nullish(),
    actualCapacityOn: z.string().nullish(),
    plannedStartOn: z.string().nullish(),
    plannedProductionOn: z.string().nullish(),
    plannedCapacityOn: z.string().nullish(),
  })
  .passthrough()
  .superRefine((record, ctx) => {
    const today = todayIn();
    const notInFuture = [
      'signedOn',
      'actualRegistrationOn',
      'actualStartOn',
      'actualProductionOn',
      'actualCapacityOn',
    ] as const;
    for (const field of notInFuture) {
      const value = record[field];
      if (value && value > today)
        ctx.addIssue({ code: 'custom', path: [field], message: `must not be in the future (${value})` });
    }
    if (record.signedOn && Number(record.signedOn.slice(0, 4)) !== record.cohortYear) {
      ctx.addIssue({
        code: 'custom',
        path: ['cohortYear'],
        message: `must be the signing year ${record.signedOn.slice(0, 4)} of a signed project`,
      });
    }
    const ordered: [string, string][] = [
      ['actualStartOn', 'actualProductionOn'],
      ['actualProductionOn', 'actualCapacityOn'],
      ['plannedStartOn', 'plannedProductionOn'],
      ['plannedProductionOn', 'plannedCapacityOn'],
    ];
    for (const [earlier, later] of ordered) {
      const a = record[earlier as keyof typeof record] as string | null | undefined;
      const b = record[later as keyof typeof record] as string | null | undefined;
      if (a && b && b < a)
        ctx.addIssue({ code: 'custom', path: [later], message: `must not be before ${earlier} (${a})` });
    }
  });

export const shortText = text;
export const optionalShortText = optionalText;
export const positiveMoney = z
  .bigint()
  .positive('must be more than zero')
  .max(10n ** 17n, 'is implausibly large');
export const reportPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
