import { describe, expect, it } from 'vitest';
import { findPrefecture, isPrefectureCode, PREFECTURES } from '../../schema/prefectures.js';

describe('prefecture reference data', () => {
  it('holds the 16 GB/T 2260 prefecture codes of Yunnan with their names', () => {
    expect(PREFECTURES.map((p) => `${p.code} ${p.nameZh}`)).toEqual([
      '530100 昆明市',
      '530300 曲靖市',
      '530400 玉溪市',
      '530500 保山市',
      '530600 昭通市',
      '530700 丽江市',
      '530800 普洱市',
      '530900 临沧市',
      '532300 楚雄彝族自治州',
      '532500 红河哈尼族彝族自治州',
      '532600 文山壮族苗族自治州',
      '532800 西双版纳傣族自治州',
      '532900 大理白族自治州',
      '533100 德宏傣族景颇族自治州',
      '533300 怒江傈僳族自治州',
      '533400 迪庆藏族自治州',
    ]);
    expect(new Set(PREFECTURES.map((p) => p.slug)).size).toBe(PREFECTURES.length);
  });

  it('looks codes up without computing them', () => {
    expect(findPrefecture('530800')?.nameEn).toBe("Pu'er");
    expect(isPrefectureCode('530200')).toBe(false);
    expect(isPrefectureCode('530000')).toBe(false);
  });
});
