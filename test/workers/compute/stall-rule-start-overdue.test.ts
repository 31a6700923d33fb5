import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { projectFacts } from './project-facts.fixture.js';
import { acrossDates, flagsOf, summarizeFlags } from './stall-summary.fixture.js';

const rule = StallRule.START_OVERDUE;

describe('START_OVERDUE', () => {
  it('turns yellow one month after the planned start and red after three', () => {
    const facts = projectFacts({ plannedStartOn: '2024-06-15' });
    expect(
      acrossDates(
        ['2024-06-15', '2024-07-14', '2024-07-15', '2024-07-16', '2024-09-14', '2024-09-15', '2024-09-16'],
        (asOf) => summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-06-15': 'none',
      '2024-07-14': 'none',
      '2024-07-15': 'YELLOW since 2024-07-15',
      '2024-07-16': 'YELLOW since 2024-07-15',
      '2024-09-14': 'YELLOW since 2024-07-15',
      '2024-09-15': 'RED since 2024-09-15',
      '2024-09-16': 'RED since 2024-09-15',
    });
  });

  it('clamps a planned start on Jan 31 to the end of shorter months (leap year)', () => {
    const facts = projectFacts({ plannedStartOn: '2024-01-31' });
    expect(
      acrossDates(['2024-02-28', '2024-02-29', '2024-03-01', '2024-04-29', '2024-04-30', '2024-05-01'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-02-28': 'none',
      '2024-02-29': 'YELLOW since 2024-02-29',
      '2024-03-01': 'YELLOW since 2024-02-29',
      '2024-04-29': 'YELLOW since 2024-02-29',
      '2024-04-30': 'RED since 2024-04-30',
      '2024-05-01': 'RED since 2024-04-30',
    });
  });

  it('clamps a planned start on Jan 31 to Feb 28 in a common year', () => {
    const facts = projectFacts({ plannedStartOn: '2023-01-31', signedOn: '2022-06-01' });
    expect(summarizeFlags(rule, facts, '2023-02-27')).toEqual([]);
    expect(summarizeFlags(rule, facts, '2023-02-28')).toEqual(['YELLOW since 2023-02-28']);
  });

  it('counts from a planned start on Feb 29 to the 29th of later months', () => {
    const facts = projectFacts({ plannedStartOn: '2024-02-29', signedOn: '2023-10-01' });
    expect(
      acrossDates(['2024-03-28', '2024-03-29', '2024-05-28', '2024-05-29'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-03-28': 'none',
      '2024-03-29': 'YELLOW since 2024-03-29',
      '2024-05-28': 'YELLOW since 2024-03-29',
      '2024-05-29': 'RED since 2024-05-29',
    });
  });

  it('carries the planned start, the days overdue and the stage as evidence', () => {
    const [flag] = flagsOf(
      rule,
      projectFacts({ id: '530100-2024-0042', plannedStartOn: '2024-06-15', stage: ProjectStage.SIGNED }),
      '2024-07-20',
    );
    expect(flag).toEqual({
      projectId: '530100-2024-0042',
      prefectureCode: '530100',
      rule: 'START_OVERDUE',
      obstacleId: null,
      severity: 'YELLOW',
      since: '2024-07-15',
      evidence: { plannedStartOn: '2024-06-15', daysOverdue: 35, stage: 'SIGNED' },
    });
  });

  it('does not flag a project with an actual start date, unless that date is after the as-of date', () => {
    expect(
      summarizeFlags(rule, projectFacts({ plannedStartOn: '2024-01-15', actualStartOn: '2024-05-01' }), '2024-06-20'),
    ).toEqual([]);
    expect(
      summarizeFlags(rule, projectFacts({ plannedStartOn: '2024-01-15', actualStartOn: '2024-07-01' }), '2024-06-20'),
    ).toEqual(['RED since 2024-04-15']);
  });

  it('does not flag without a planned start, or once the stage says started', () => {
    expect(summarizeFlags(rule, projectFacts({ plannedStartOn: null }), '2030-01-01')).toEqual([]);
    for (const stage of [
      ProjectStage.UNDER_CONSTRUCTION,
      ProjectStage.OPERATING,
      ProjectStage.TERMINATED,
      ProjectStage.NEGOTIATING,
    ]) {
      expect(summarizeFlags(rule, projectFacts({ plannedStartOn: '2020-01-01', stage }), '2024-06-20'), stage).toEqual(
        [],
      );
    }
  });

  it('follows overridden month thresholds', () => {
    const facts = projectFacts({ plannedStartOn: '2024-01-31' });
    const thresholds = { startOverdue: { yellowAfterMonths: 2, redAfterMonths: 6 } };
    expect(summarizeFlags(rule, facts, '2024-03-30', thresholds)).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-03-31', thresholds)).toEqual(['YELLOW since 2024-03-31']);
    expect(summarizeFlags(rule, facts, '2024-07-30', thresholds)).toEqual(['YELLOW since 2024-03-31']);
    expect(summarizeFlags(rule, facts, '2024-07-31', thresholds)).toEqual(['RED since 2024-07-31']);
  });
});
