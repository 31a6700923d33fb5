import type { Rng } from './prng.js';

/**
 * 统一社会信用代码 (GB 32100-2015) with both check characters computed, so demo codes pass a
 * real validator, not only the format regex.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organization code body. */
function organizationCheck(body: string): string {
  const sum = [...body].reduce((acc, ch, i) => acc + parseInt(ch, 36) * ORG_WEIGHTS[i], 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** GB 32100 check character (18th) of the first 17 characters. */
function creditCodeCheck(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + CHARSET.indexOf(ch) * USCC_WEIGHTS[i], 0);
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * A company's code: registered by market regulation ('9'), enterprise ('1'), in the given area.
 * Newer companies carry an 'MA…' organization part, older ones a numeric one.
 */
export function unifiedCreditCode(rng: Rng, areaCode: string): string {
  const orgChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = rng.chance(0.6) ? 'MA' : String(rng.int(1, 7));
  while (body.length < 8) body += rng.chance(0.8) ? String(rng.int(0, 9)) : rng.pick([...orgChars.slice(10)]);
  const first17 = `91${areaCode}${body}${organizationCheck(body)}`;
  return first17 + creditCodeCheck(first17);
}
