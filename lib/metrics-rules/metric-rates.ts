import type { MetricCounts } from './metric-counts.js';

/**
 * A rate as an exact fraction plus its percentage rounded half away from zero to 0.1 percentage
 * points (84/110 → 76.4). `percent` is null when the denominator is 0; the fraction (0/0) stays,
 * so a caller can still say "none of 0". The rounding is done on the exact bigint fraction; only
 * the rounded tenths become a number (exact for any rate below ~10^14 %).
 */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly percent: number | null;
}

/** The five rates (docs/domain.md, "Metrics"). The count rates are over signed projects (TERMINATED included). */
export interface MetricRates {
  /** 履约率: PREPARING..AT_CAPACITY ÷ signed. */
  readonly performanceRate: Rate;
  /** 开工率: UNDER_CONSTRUCTION..AT_CAPACITY ÷ signed. */
  readonly startRate: Rate;
  /** 投产率: PARTIALLY_PRODUCING..AT_CAPACITY ÷ signed. */
  readonly productionRate: Rate;
  /** 资金到位率: funds in place ÷ agreed investment of the signed projects (fen, money-weighted). */
  readonly fundsRate: Rate;
  /** 落地率: landed (per the landing definition of the counts) ÷ signed. */
  readonly landingRate: Rate;
}

/** An exact rate; the rounding happens in bigint, so sums far beyond 2^53 stay exact. */
export function rate(numerator: bigint | number, denominator: bigint | number): Rate {
  const num = BigInt(numerator);
  const den = BigInt(denominator);
  if (den === 0n) return { numerator: num, denominator: den, percent: null };
  return { numerator: num, denominator: den, percent: Number(roundedTenthsOfPercent(num, den)) / 10 };
}

/** round(num / den × 1000), half away from zero. */
function roundedTenthsOfPercent(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = (num < 0n ? -num : num) * 1000n;
  const d = den < 0n ? -den : den;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** The rates of a set of projects, from its (possibly summed) counts. */
export function computeRates(counts: MetricCounts): MetricRates {
  return {
    performanceRate: rate(counts.performing, counts.signed),
    startRate: rate(counts.started, counts.signed),
    productionRate: rate(counts.producing, counts.signed),
    fundsRate: rate(counts.fundsInPlace, counts.agreedInvestment),
    landingRate: rate(counts.landed, counts.signed),
  };
}
