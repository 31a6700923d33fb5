/**
 * Largest-remainder apportionment: splits a whole total into integer parts proportional to the
 * weights that add up to the total exactly. Ties go to the earlier entry, so the result depends
 * only on the order of the weights.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const parts = apportionBig(BigInt(total), weights);
  return parts.map(Number);
}

/** The same for bigint totals (money in fen or in units of 万元). */
export function apportionBig(total: bigint, weights: readonly number[]): bigint[] {
  if (weights.length === 0) {
    if (total !== 0n) throw new Error('cannot apportion a non-zero total over no weights');
    return [];
  }
  if (weights.some((w) => !(w >= 0))) throw new Error('weights must be non-negative numbers');
  // Integer weights keep the arithmetic exact; 1e6 resolution is plenty for demo shares.
  const scaled = weights.map((w) => BigInt(Math.round(w * 1_000_000)));
  const sum = scaled.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new Error('at least one weight must be positive');
  const parts = scaled.map((w) => (total * w) / sum);
  const remainders = scaled.map((w, index) => ({ index, rest: (total * w) % sum }));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (let i = 0; left > 0n; i++, left--) parts[remainders[i].index] += 1n;
  return parts;
}
