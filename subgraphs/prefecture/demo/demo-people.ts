import type { Rng } from './prng.js';

/** Made-up personal names for officials and officers; common surnames, two-character given names. */
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾'];
const GIVEN = [...'建国平华明伟军文杰云涛亮丽敏静强刚斌磊勇俊海燕红芳志宏鹏凯琳'];

export function personName(rng: Rng): string {
  const length = rng.chance(0.3) ? 1 : 2;
  let given = '';
  for (let i = 0; i < length; i++) given += rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}
