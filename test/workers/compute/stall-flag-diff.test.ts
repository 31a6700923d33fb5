import { describe, expect, it } from 'vitest';
import { StallRule, stallFlagKey, type StallFlag } from '../../../lib/metrics-rules/stall-flag.js';
import { diffStallFlags } from '../../../lib/metrics-rules/stall-flag-diff.js';

function flag(
  projectId: string,
  rule: StallRule,
  severity: StallFlag['severity'],
  extra: Partial<StallFlag> = {},
): StallFlag {
  return {
    projectId,
    prefectureCode: projectId.slice(0, 6),
    rule,
    obstacleId: null,
    severity,
    since: '2024-06-01',
    evidence: {},
    ...extra,
  };
}

describe('diffStallFlags', () => {
  it('sorts flags into raised, cleared, severity changed and unchanged', () => {
    const previous = [
      flag('530100-1', StallRule.START_OVERDUE, 'YELLOW'),
      flag('530100-2', StallRule.LOW_FUNDS, 'YELLOW'),
      flag('530100-3', StallRule.MISSING_REPORT, 'RED'),
      flag('530100-4', StallRule.NO_STAGE_CHANGE, 'YELLOW'),
    ];
    const current = [
      flag('530100-1', StallRule.START_OVERDUE, 'RED', { since: '2024-08-01' }),
      flag('530100-3', StallRule.MISSING_REPORT, 'YELLOW'),
      flag('530100-4', StallRule.NO_STAGE_CHANGE, 'YELLOW', { evidence: { daysSinceStageChange: 200 } }),
      flag('530100-5', StallRule.REGISTRATION_OVERDUE, 'YELLOW'),
    ];
    const diff = diffStallFlags(previous, current);
    expect(diff.raised.map(stallFlagKey)).toEqual(['530100-5|REGISTRATION_OVERDUE']);
    expect(diff.cleared.map(stallFlagKey)).toEqual(['530100-2|LOW_FUNDS']);
    expect(
      diff.severityChanged.map(
        ({ previous: before, current: now }) => `${stallFlagKey(now)} ${before.severity}→${now.severity}`,
      ),
    ).toEqual(['530100-1|START_OVERDUE YELLOW→RED', '530100-3|MISSING_REPORT RED→YELLOW']);
    // Evidence moves every night (days overdue); that alone is not a change.
    expect(diff.unchanged).toEqual([current[2]]);
  });

  it('tells obstacles of one project apart', () => {
    const obstacleFlag = (obstacleId: string) => flag('530100-1', StallRule.OBSTACLE_OPEN, 'YELLOW', { obstacleId });
    const diff = diffStallFlags(
      [obstacleFlag('ob-1'), obstacleFlag('ob-2')],
      [obstacleFlag('ob-2'), obstacleFlag('ob-3')],
    );
    expect(diff.raised.map((one) => one.obstacleId)).toEqual(['ob-3']);
    expect(diff.cleared.map((one) => one.obstacleId)).toEqual(['ob-1']);
    expect(diff.unchanged.map((one) => one.obstacleId)).toEqual(['ob-2']);
  });

  it('treats the same rule on two projects as two flags', () => {
    const diff = diffStallFlags(
      [flag('530100-1', StallRule.LOW_FUNDS, 'YELLOW')],
      [flag('530300-1', StallRule.LOW_FUNDS, 'YELLOW')],
    );
    expect([diff.raised.length, diff.cleared.length, diff.unchanged.length]).toEqual([1, 1, 0]);
  });

  it('raises everything on a first run and clears everything when all is well', () => {
    const flags = [flag('530100-1', StallRule.LOW_FUNDS, 'YELLOW'), flag('530100-2', StallRule.LOW_FUNDS, 'YELLOW')];
    expect(diffStallFlags([], flags).raised).toEqual(flags);
    expect(diffStallFlags(flags, []).cleared).toEqual(flags);
  });

  it('lists each category in key order whatever the input order', () => {
    const flags = ['530100-9', '530100-1', '530100-5'].map((id) => flag(id, StallRule.LOW_FUNDS, 'YELLOW'));
    expect(diffStallFlags([], flags).raised.map((one) => one.projectId)).toEqual(['530100-1', '530100-5', '530100-9']);
  });

  it('refuses two flags with one identity in a run', () => {
    const twice = [flag('530100-1', StallRule.LOW_FUNDS, 'YELLOW'), flag('530100-1', StallRule.LOW_FUNDS, 'RED')];
    expect(() => diffStallFlags([], twice)).toThrow('Duplicate stall flag 530100-1|LOW_FUNDS in the current run');
  });
});
