import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { projectFacts } from './project-facts.fixture.js';
import { acrossDates, flagsOf, summarizeFlags } from './stall-summary.fixture.js';

const rule = StallRule.OBSTACLE_OPEN;
const obstacle = (id: string, raisedOn: string) => ({ id, category: 'LAND_QUOTA', raisedOn });

describe('OBSTACLE_OPEN', () => {
  it('turns yellow when open more than 60 days and red when more than 120', () => {
    // Raised Jan 1 2024 (leap year): 60 days open on Mar 1, 120 days on Apr 30.
    const facts = projectFacts({ openObstacles: [obstacle('ob-1', '2024-01-01')] });
    expect(
      acrossDates(['2024-02-29', '2024-03-01', '2024-03-02', '2024-04-30', '2024-05-01', '2024-05-02'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-02-29': 'none',
      '2024-03-01': 'none',
      '2024-03-02': 'YELLOW since 2024-03-02',
      '2024-04-30': 'YELLOW since 2024-03-02',
      '2024-05-01': 'RED since 2024-05-01',
      '2024-05-02': 'RED since 2024-05-01',
    });
  });

  it('raises one flag per open obstacle, oldest first, each with its own severity', () => {
    const facts = projectFacts({
      openObstacles: [
        obstacle('ob-new', '2024-05-01'),
        { id: 'ob-old', category: 'FOREST_LAND_QUOTA', raisedOn: '2024-01-10' },
        obstacle('ob-mid', '2024-03-20'),
      ],
    });
    const flags = flagsOf(rule, facts, '2024-06-20');
    expect(flags.map((flag) => [flag.obstacleId, flag.severity, flag.since])).toEqual([
      ['ob-old', 'RED', '2024-05-10'],
      ['ob-mid', 'YELLOW', '2024-05-20'],
    ]);
    expect(flags[0].evidence).toEqual({
      obstacleId: 'ob-old',
      category: 'FOREST_LAND_QUOTA',
      raisedOn: '2024-01-10',
      daysOpen: 162,
    });
  });

  it('ignores an obstacle raised after the as-of date', () => {
    expect(
      summarizeFlags(rule, projectFacts({ openObstacles: [obstacle('ob-1', '2024-07-01')] }), '2024-06-20'),
    ).toEqual([]);
  });

  it('still flags producing projects, but not terminated or negotiating ones', () => {
    const flagged = Object.values(ProjectStage).filter(
      (stage) =>
        summarizeFlags(rule, projectFacts({ stage, openObstacles: [obstacle('ob-1', '2023-01-01')] }), '2024-06-20')
          .length > 0,
    );
    expect(flagged).toEqual([
      ProjectStage.SIGNED,
      ProjectStage.PREPARING,
      ProjectStage.UNDER_CONSTRUCTION,
      ProjectStage.PARTIALLY_PRODUCING,
      ProjectStage.OPERATING,
      ProjectStage.AT_CAPACITY,
    ]);
  });

  it('follows overridden day thresholds', () => {
    const facts = projectFacts({ openObstacles: [obstacle('ob-1', '2024-06-01')] });
    const thresholds = { obstacleOpen: { yellowAfterDays: 7, redAfterDays: 14 } };
    expect(summarizeFlags(rule, facts, '2024-06-08', thresholds)).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-06-09', thresholds)).toEqual(['YELLOW since 2024-06-09']);
    expect(summarizeFlags(rule, facts, '2024-06-15', thresholds)).toEqual(['YELLOW since 2024-06-09']);
    expect(summarizeFlags(rule, facts, '2024-06-16', thresholds)).toEqual(['RED since 2024-06-16']);
  });
});
