import { apportionBig } from './apportion.js';
import { addDays, dayNumber, dateOfDay } from '../../../lib/calendar.js';
import { instantOn, minDate } from './dates.js';
import { FUNDING_SOURCES } from './demo-texts.js';
import type { DemoFundingRow } from './demo-rows.js';
import { activeUntil, type ProjectScene } from './project-scene.js';
import type { Rng } from './prng.js';
import { WAN_YUAN } from './seed-cohorts.js';

/**
 * Dated arrivals of money that add up exactly to the project's funds in place (whole 万元 each),
 * between signing and the reference date (or termination).
 */
export function buildFundingRecords(rng: Rng, scene: ProjectScene, fundsInPlace: bigint): DemoFundingRow[] {
  const signedOn = scene.plan.signedOn;
  if (fundsInPlace === 0n || !signedOn) return [];
  if (fundsInPlace % WAN_YUAN !== 0n) throw new Error(`demo funds must be whole 万元, got ${fundsInPlace} fen`);
  const units = fundsInPlace / WAN_YUAN;
  const wanted = rng.int(1, 6);
  const count = units < BigInt(wanted) ? Number(units) : wanted;
  const parts = apportionBig(
    units,
    Array.from({ length: count }, () => 0.3 + rng.next()),
  );
  const until = activeUntil(scene);
  const days = parts.map(() => rng.int(dayNumber(signedOn), dayNumber(until))).sort((a, b) => a - b);
  const rows: DemoFundingRow[] = [];
  parts.forEach((part, i) => {
    if (part === 0n) return; // a record is an arrival of money; never record nothing
    const receivedOn = dateOfDay(days[i]);
    rows.push({
      project: scene.id,
      receivedOn,
      amount: part * WAN_YUAN,
      source: scene.investorFromAbroad && rng.chance(0.4) ? '境外股东出资' : rng.pick(FUNDING_SOURCES),
      note: rng.chance(0.2) ? `第${i + 1}笔到位资金` : null,
      recordedBy: scene.officer,
      recordedAt: instantOn(minDate(addDays(receivedOn, rng.int(0, 10)), scene.referenceDate), 7, rng.int(0, 59)),
    });
  });
  return rows;
}
