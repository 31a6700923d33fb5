import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { projectFacts } from './project-facts.fixture.js';
import { acrossDates, flagsOf, summarizeFlags } from './stall-summary.fixture.js';

const rule = StallRule.MISSING_REPORT;

describe('MISSING_REPORT', () => {
  it("turns yellow the day after the 10th without last month's report, and red a cycle later", () => {
    const facts = projectFacts({ signedOn: '2023-06-15', latestReportPeriod: '2024-03' });
    expect(
      acrossDates(['2024-05-09', '2024-05-10', '2024-05-11', '2024-06-10', '2024-06-11', '2024-06-12'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-05-09': 'none',
      '2024-05-10': 'none', // April's report may still arrive today
      '2024-05-11': 'YELLOW since 2024-05-11',
      '2024-06-10': 'YELLOW since 2024-05-11',
      '2024-06-11': 'RED since 2024-06-11',
      '2024-06-12': 'RED since 2024-06-11',
    });
  });

  it('dates red from the second missed cycle however long the silence', () => {
    const facts = projectFacts({ signedOn: '2022-06-15', latestReportPeriod: '2023-01' });
    const [flag] = flagsOf(rule, facts, '2024-06-20');
    expect(flag).toMatchObject({
      severity: 'RED',
      since: '2023-04-11', // February missing from Mar 11, March from Apr 11
      evidence: {
        latestReportPeriod: '2023-01',
        missedCycles: 16,
        firstMissedPeriod: '2023-02',
        firstMissedDueOn: '2023-03-10',
      },
    });
  });

  it('treats a report for the running month as covering every earlier cycle', () => {
    expect(
      summarizeFlags(rule, projectFacts({ signedOn: '2023-06-15', latestReportPeriod: '2024-06' }), '2024-06-20'),
    ).toEqual([]);
  });

  it('wraps around the year end', () => {
    const facts = projectFacts({ signedOn: '2023-06-15', latestReportPeriod: '2023-11' });
    expect(summarizeFlags(rule, facts, '2024-01-10')).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-01-11')).toEqual(['YELLOW since 2024-01-11']);
    expect(summarizeFlags(rule, facts, '2024-02-11')).toEqual(['RED since 2024-02-11']);
  });

  it('owes nothing for the signing month and counts from the month after', () => {
    const facts = projectFacts({
      signedOn: '2024-01-31',
      latestReportPeriod: null,
      stageChangedAt: '2024-01-31T02:00:00Z',
    });
    expect(
      acrossDates(['2024-02-20', '2024-03-10', '2024-03-11', '2024-04-10', '2024-04-11'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-02-20': 'none',
      '2024-03-10': 'none',
      '2024-03-11': 'YELLOW since 2024-03-11',
      '2024-04-10': 'YELLOW since 2024-03-11',
      '2024-04-11': 'RED since 2024-04-11',
    });
    const [flag] = flagsOf(rule, facts, '2024-03-11');
    expect(flag.evidence).toEqual({
      latestReportPeriod: 'none',
      missedCycles: 1,
      firstMissedPeriod: '2024-02',
      firstMissedDueOn: '2024-03-10',
    });
  });

  it('falls back to the Asia/Shanghai creation date without a signing date', () => {
    // 2024-01-31T17:00Z is Feb 1 in Shanghai: the first period owed is March.
    const facts = projectFacts({
      signedOn: null,
      createdAt: '2024-01-31T17:00:00Z',
      latestReportPeriod: null,
      stageChangedAt: '2024-02-01T02:00:00Z',
    });
    expect(summarizeFlags(rule, facts, '2024-04-10')).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-04-11')).toEqual(['YELLOW since 2024-04-11']);
  });

  it('follows an overridden due day and cycle counts', () => {
    const facts = projectFacts({ signedOn: '2023-06-15', latestReportPeriod: '2024-03' });
    const dueFifth = { missingReport: { dueDay: 5 } };
    expect(summarizeFlags(rule, facts, '2024-05-05', dueFifth)).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-05-06', dueFifth)).toEqual(['YELLOW since 2024-05-06']);
    const lenient = { missingReport: { yellowMissedCycles: 2, redMissedCycles: 4 } };
    expect(summarizeFlags(rule, facts, '2024-06-10', lenient)).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-06-11', lenient)).toEqual(['YELLOW since 2024-06-11']);
    expect(summarizeFlags(rule, facts, '2024-08-10', lenient)).toEqual(['YELLOW since 2024-06-11']);
    expect(summarizeFlags(rule, facts, '2024-08-11', lenient)).toEqual(['RED since 2024-08-11']);
  });

  it('flags signed, preparing and building projects only', () => {
    const flagged = Object.values(ProjectStage).filter(
      (stage) =>
        summarizeFlags(rule, projectFacts({ stage, signedOn: '2020-01-01', latestReportPeriod: null }), '2024-06-20')
          .length > 0,
    );
    expect(flagged).toEqual([ProjectStage.SIGNED, ProjectStage.PREPARING, ProjectStage.UNDER_CONSTRUCTION]);
  });
});
