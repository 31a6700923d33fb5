import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { projectFacts } from './project-facts.fixture.js';
import { acrossDates, flagsOf, summarizeFlags } from './stall-summary.fixture.js';

const rule = StallRule.NO_STAGE_CHANGE;

describe('NO_STAGE_CHANGE', () => {
  it('turns yellow 180 days after the last stage change, and never red', () => {
    // Jan 1 2024 + 180 days = Jun 29 2024 (leap year).
    const facts = projectFacts({ stageChangedAt: '2024-01-01T02:00:00Z' });
    expect(
      acrossDates(['2024-06-27', '2024-06-28', '2024-06-29', '2024-06-30', '2025-06-30'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-06-27': 'none',
      '2024-06-28': 'none',
      '2024-06-29': 'YELLOW since 2024-06-29',
      '2024-06-30': 'YELLOW since 2024-06-29',
      '2025-06-30': 'YELLOW since 2024-06-29',
    });
  });

  it('counts from the Asia/Shanghai date of the change', () => {
    // 16:30Z on Dec 31 is already Jan 1 in Shanghai; 15:59Z is still Dec 31.
    expect(summarizeFlags(rule, projectFacts({ stageChangedAt: '2023-12-31T16:30:00Z' }), '2024-06-28')).toEqual([]);
    expect(summarizeFlags(rule, projectFacts({ stageChangedAt: '2023-12-31T15:59:00Z' }), '2024-06-28')).toEqual([
      'YELLOW since 2024-06-28',
    ]);
  });

  it('carries the change date, the stage and the idle days as evidence', () => {
    const [flag] = flagsOf(
      rule,
      projectFacts({ stage: ProjectStage.SIGNED, stageChangedAt: '2023-10-01T02:00:00Z' }),
      '2024-06-20',
    );
    expect(flag.evidence).toEqual({ stageChangedOn: '2023-10-01', stage: 'SIGNED', daysSinceStageChange: 263 });
  });

  it('flags signed, preparing and building projects only', () => {
    const flagged = Object.values(ProjectStage).filter(
      (stage) =>
        summarizeFlags(rule, projectFacts({ stage, stageChangedAt: '2020-01-01T00:00:00Z' }), '2024-06-20').length > 0,
    );
    expect(flagged).toEqual([ProjectStage.SIGNED, ProjectStage.PREPARING, ProjectStage.UNDER_CONSTRUCTION]);
  });

  it('follows an overridden number of days', () => {
    const facts = projectFacts({ stageChangedAt: '2024-01-01T02:00:00Z' });
    expect(summarizeFlags(rule, facts, '2024-03-30', { noStageChange: { afterDays: 90 } })).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-03-31', { noStageChange: { afterDays: 90 } })).toEqual([
      'YELLOW since 2024-03-31',
    ]);
  });
});
