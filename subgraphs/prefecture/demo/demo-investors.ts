import { unifiedCreditCode } from './credit-code.js';
import type { DemoIndustry } from './demo-industries.js';
import type { Rng } from './prng.js';

/** Where investors come from: other provinces and, for some, other countries and regions. */
interface InvestorOrigin {
  readonly origin: string;
  /** City prefix and GB/T 2260 area code of the registering city; null outside the mainland. */
  readonly cities: readonly (readonly [string, string | null])[];
  readonly weight: number;
  /** Company-name ending customary there. */
  readonly suffixes: readonly string[];
}

const MAINLAND_SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '控股有限公司'];

const ORIGINS: readonly InvestorOrigin[] = [
  {
    origin: '广东',
    weight: 14,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['深圳', '440300'],
      ['广州', '440100'],
      ['佛山', '440600'],
    ],
  },
  {
    origin: '浙江',
    weight: 12,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['杭州', '330100'],
      ['宁波', '330200'],
      ['温州', '330300'],
    ],
  },
  {
    origin: '上海',
    weight: 10,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['上海', '310115'],
      ['上海', '310104'],
    ],
  },
  {
    origin: '北京',
    weight: 10,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['北京', '110105'],
      ['北京', '110108'],
    ],
  },
  {
    origin: '江苏',
    weight: 10,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['南京', '320100'],
      ['苏州', '320500'],
      ['无锡', '320200'],
    ],
  },
  {
    origin: '四川',
    weight: 8,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['成都', '510100'],
      ['宜宾', '511500'],
    ],
  },
  {
    origin: '福建',
    weight: 8,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['厦门', '350200'],
      ['福州', '350100'],
      ['宁德', '350900'],
    ],
  },
  {
    origin: '山东',
    weight: 5,
    suffixes: MAINLAND_SUFFIXES,
    cities: [
      ['济南', '370100'],
      ['青岛', '370200'],
    ],
  },
  { origin: '重庆', weight: 5, suffixes: MAINLAND_SUFFIXES, cities: [['重庆', '500112']] },
  { origin: '湖北', weight: 4, suffixes: MAINLAND_SUFFIXES, cities: [['武汉', '420100']] },
  { origin: '香港', weight: 6, suffixes: ['有限公司', '控股有限公司', '投资有限公司'], cities: [['香港', null]] },
  { origin: '泰国', weight: 3, suffixes: ['集团有限公司', '大众有限公司'], cities: [['泰国', null]] },
  { origin: '新加坡', weight: 3, suffixes: ['私人有限公司', '控股私人有限公司'], cities: [['新加坡', null]] },
  { origin: '马来西亚', weight: 2, suffixes: ['集团有限公司', '控股有限公司'], cities: [['马来西亚', null]] },
];

const BRAND_SYLLABLES = [...'华恒瑞鑫泰源达盛通博宏嘉锦正远澜明和信中汇金隆昌润丰安海天佳联创德'];

export interface DemoInvestor {
  readonly name: string;
  readonly origin: string;
  readonly creditCode: string | null;
}

/** A plausible investor for a project of the given industry. */
export function drawInvestor(rng: Rng, industry: DemoIndustry): DemoInvestor {
  const origin = rng.weighted(ORIGINS.map((o) => [o, o.weight] as const));
  const [city, areaCode] = rng.pick(origin.cities);
  const first = rng.pick(BRAND_SYLLABLES);
  let second = rng.pick(BRAND_SYLLABLES);
  if (second === first) second = BRAND_SYLLABLES[(BRAND_SYLLABLES.indexOf(first) + 7) % BRAND_SYLLABLES.length];
  const name = `${city}${first}${second}${rng.pick(industry.companyWords)}${rng.pick(origin.suffixes)}`;
  // Companies outside the mainland have no 统一社会信用代码.
  return { name, origin: origin.origin, creditCode: areaCode ? unifiedCreditCode(rng, areaCode) : null };
}
