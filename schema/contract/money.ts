/**
 * The Money text format of the contract: yuan as a decimal string with at most two decimals.
 * Inside every process money is integer fen (bigint), so sums across shards stay exact.
 */
export class MoneyFormatError extends Error {}

export function formatFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${abs / 100n}.${cents}`;
}

/** Parses "123", "123.4" or "123.45" (or a safe JSON integer) into fen; anything else is refused. */
export function parseYuan(value: unknown): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d{1,16}(\.\d{1,2})?$/.test(text)) {
    throw new MoneyFormatError(
      `Money must be a decimal string of yuan with at most two decimals, got ${JSON.stringify(value)}`,
    );
  }
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
}
