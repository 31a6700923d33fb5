import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { projectFacts } from './project-facts.fixture.js';
import { acrossDates, flagsOf, summarizeFlags } from './stall-summary.fixture.js';

const rule = StallRule.REGISTRATION_OVERDUE;

describe('REGISTRATION_OVERDUE', () => {
  it('turns yellow when the planned registration is passed by more than 30 days, and never red', () => {
    const facts = projectFacts({ plannedRegistrationOn: '2024-01-10' });
    // Jan 10 + 30 days = Feb 9: overdue by exactly 30 days is not yet "more than 30".
    expect(
      acrossDates(['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2025-06-01'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-02-08': 'none',
      '2024-02-09': 'none',
      '2024-02-10': 'YELLOW since 2024-02-10',
      '2024-02-11': 'YELLOW since 2024-02-10',
      '2025-06-01': 'YELLOW since 2024-02-10',
    });
  });

  it('counts the 30 days across a leap day', () => {
    const facts = projectFacts({ plannedRegistrationOn: '2024-02-15' });
    expect(summarizeFlags(rule, facts, '2024-03-16')).toEqual([]); // 30 days
    expect(summarizeFlags(rule, facts, '2024-03-17')).toEqual(['YELLOW since 2024-03-17']);
  });

  it('carries the planned date and the days overdue as evidence', () => {
    const [flag] = flagsOf(rule, projectFacts({ plannedRegistrationOn: '2024-01-10' }), '2024-03-01');
    expect(flag.evidence).toEqual({ plannedRegistrationOn: '2024-01-10', daysOverdue: 51 });
  });

  it('does not flag a registered company, unless registered after the as-of date', () => {
    expect(
      summarizeFlags(
        rule,
        projectFacts({ plannedRegistrationOn: '2024-01-10', actualRegistrationOn: '2024-04-01' }),
        '2024-06-20',
      ),
    ).toEqual([]);
    expect(
      summarizeFlags(
        rule,
        projectFacts({ plannedRegistrationOn: '2024-01-10', actualRegistrationOn: '2024-04-01' }),
        '2024-03-01',
      ),
    ).toEqual(['YELLOW since 2024-02-10']);
  });

  it('flags signed, preparing and building projects, but not producing, terminated or negotiating ones', () => {
    const flagged = Object.values(ProjectStage).filter(
      (stage) =>
        summarizeFlags(rule, projectFacts({ stage, plannedRegistrationOn: '2020-01-10' }), '2024-06-20').length > 0,
    );
    expect(flagged).toEqual([ProjectStage.SIGNED, ProjectStage.PREPARING, ProjectStage.UNDER_CONSTRUCTION]);
  });

  it('follows an overridden grace period, 0 meaning "from the day after the planned date"', () => {
    const facts = projectFacts({ plannedRegistrationOn: '2024-01-10' });
    expect(summarizeFlags(rule, facts, '2024-01-10', { registrationOverdue: { graceDays: 0 } })).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-01-11', { registrationOverdue: { graceDays: 0 } })).toEqual([
      'YELLOW since 2024-01-11',
    ]);
    expect(summarizeFlags(rule, facts, '2024-04-19', { registrationOverdue: { graceDays: 100 } })).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-04-20', { registrationOverdue: { graceDays: 100 } })).toEqual([
      'YELLOW since 2024-04-20',
    ]);
  });
});
