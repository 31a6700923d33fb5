import { readFileSync } from 'node:fs';

/** One prefecture-level division of Yunnan (GB/T 2260). */
export interface PrefectureInfo {
  /** 6-digit GB/T 2260 code, e.g. "530100". Codes are not contiguous: never compute them. */
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: 'city' | 'autonomous-prefecture';
  /** Stable ASCII name used for service names, file names and ports. */
  readonly slug: string;
  readonly formerNames?: readonly string[];
}

interface ReferenceFile {
  province: { code: string; nameZh: string; nameEn: string };
  prefectures: PrefectureInfo[];
}

// JSON (not a TS literal) so operators and other languages can read the same table.
const reference = JSON.parse(readFileSync(new URL('./prefectures.json', import.meta.url), 'utf8')) as ReferenceFile;

export const PROVINCE = Object.freeze(reference.province);

/** The prefectures in GB/T 2260 order. Consumers must not assume exactly 16 entries. */
export const PREFECTURES: readonly PrefectureInfo[] = Object.freeze(reference.prefectures.map((p) => Object.freeze(p)));

const byCode = new Map(PREFECTURES.map((p) => [p.code, p]));

export function findPrefecture(code: string): PrefectureInfo | undefined {
  return byCode.get(code);
}

export function isPrefectureCode(code: string): boolean {
  return byCode.has(code);
}
