/**
 * Demo reference data per prefecture: the short name used in project names, a few real counties
 * (县/市/区) and a relative economic weight that sizes its share of the seed's 2018 cohorts.
 * Keyed by GB/T 2260 code; a code missing here still works with the fallbacks below.
 */
export interface DemoCounty {
  /** Official name, stored in Project.county. */
  readonly name: string;
  /** Name as it appears inside project names ("陆良县" → "陆良"). */
  readonly short: string;
}

export interface DemoPlace {
  readonly short: string;
  readonly counties: readonly DemoCounty[];
  /** Relative size for the 2018 cohort allocation (Kunming the largest). */
  readonly weight: number;
}

const county = (name: string, short?: string): DemoCounty => ({
  name,
  // Counties such as 芒市 or 云县 keep their full two-character name.
  short: short ?? (name.length > 2 ? name.slice(0, -1) : name),
});

const DEMO_PLACES: Readonly<Record<string, DemoPlace>> = {
  '530100': {
    short: '昆明',
    weight: 10,
    counties: [
      county('五华区'),
      county('官渡区'),
      county('呈贡区'),
      county('安宁市'),
      county('嵩明县'),
      county('石林彝族自治县', '石林'),
    ],
  },
  '530300': {
    short: '曲靖',
    weight: 6,
    counties: [
      county('麒麟区'),
      county('沾益区'),
      county('陆良县'),
      county('宣威市'),
      county('富源县'),
      county('会泽县'),
    ],
  },
  '530400': {
    short: '玉溪',
    weight: 5,
    counties: [
      county('红塔区'),
      county('江川区'),
      county('澄江市'),
      county('通海县'),
      county('华宁县'),
      county('易门县'),
    ],
  },
  '530500': {
    short: '保山',
    weight: 3,
    counties: [county('隆阳区'), county('施甸县'), county('腾冲市'), county('龙陵县'), county('昌宁县')],
  },
  '530600': {
    short: '昭通',
    weight: 3,
    counties: [county('昭阳区'), county('鲁甸县'), county('巧家县'), county('镇雄县'), county('水富市')],
  },
  '530700': {
    short: '丽江',
    weight: 2,
    counties: [
      county('古城区'),
      county('玉龙纳西族自治县', '玉龙'),
      county('永胜县'),
      county('华坪县'),
      county('宁蒗彝族自治县', '宁蒗'),
    ],
  },
  '530800': {
    short: '普洱',
    weight: 3,
    counties: [
      county('思茅区'),
      county('宁洱哈尼族彝族自治县', '宁洱'),
      county('景东彝族自治县', '景东'),
      county('澜沧拉祜族自治县', '澜沧'),
      county('西盟佤族自治县', '西盟'),
    ],
  },
  '530900': {
    short: '临沧',
    weight: 3,
    counties: [
      county('临翔区'),
      county('凤庆县'),
      county('云县'),
      county('永德县'),
      county('耿马傣族佤族自治县', '耿马'),
      county('沧源佤族自治县', '沧源'),
    ],
  },
  '532300': {
    short: '楚雄',
    weight: 4,
    counties: [
      county('楚雄市'),
      county('禄丰市'),
      county('牟定县'),
      county('南华县'),
      county('姚安县'),
      county('元谋县'),
    ],
  },
  '532500': {
    short: '红河',
    weight: 5,
    counties: [
      county('蒙自市'),
      county('个旧市'),
      county('开远市'),
      county('弥勒市'),
      county('建水县'),
      county('河口瑶族自治县', '河口'),
    ],
  },
  '532600': {
    short: '文山',
    weight: 3,
    counties: [
      county('文山市'),
      county('砚山县'),
      county('丘北县'),
      county('广南县'),
      county('富宁县'),
      county('马关县'),
    ],
  },
  '532800': { short: '西双版纳', weight: 2, counties: [county('景洪市'), county('勐海县'), county('勐腊县')] },
  '532900': {
    short: '大理',
    weight: 4,
    counties: [
      county('大理市'),
      county('祥云县'),
      county('宾川县'),
      county('弥渡县'),
      county('鹤庆县'),
      county('剑川县'),
    ],
  },
  '533100': {
    short: '德宏',
    weight: 2,
    counties: [county('芒市'), county('瑞丽市'), county('盈江县'), county('陇川县'), county('梁河县')],
  },
  '533300': {
    short: '怒江',
    weight: 1,
    counties: [
      county('泸水市'),
      county('福贡县'),
      county('贡山独龙族怒族自治县', '贡山'),
      county('兰坪白族普米族自治县', '兰坪'),
    ],
  },
  '533400': {
    short: '迪庆',
    weight: 1,
    counties: [county('香格里拉市', '香格里拉'), county('德钦县'), county('维西傈僳族自治县', '维西')],
  },
};

/** Weight of a prefecture this table does not list (e.g. one added to the registry later). */
const DEFAULT_PLACE_WEIGHT = 2;

/** The demo place of a prefecture, with fallbacks built from its name for unlisted codes. */
export function demoPlaceOf(code: string, nameZh: string): DemoPlace {
  const listed = DEMO_PLACES[code];
  if (listed) return listed;
  const short = nameZh.replace(/(市|州|.族.*自治州)$/, '');
  return { short, weight: DEFAULT_PLACE_WEIGHT, counties: [county(`${short}市辖区`, short)] };
}
