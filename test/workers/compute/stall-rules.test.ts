import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { InvalidDateError } from '../../../lib/calendar.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { evaluateStallRules, StallEvaluationError, STALL_RULE_STAGES } from '../../../lib/metrics-rules/stall-rules.js';
import { DEFAULT_STALL_THRESHOLDS, parseStallThresholds } from '../../../lib/metrics-rules/stall-thresholds.js';
import { projectFacts } from './project-facts.fixture.js';

/** A project every rule would flag as of 2024-06-20, if its stage allowed. */
const troubled = (overrides = {}) =>
  projectFacts({
    id: '530300-2022-0007',
    prefectureCode: '530300',
    stage: ProjectStage.PREPARING,
    signedOn: '2022-03-01',
    agreedInvestment: 100_000_000n,
    fundsInPlace: 0n,
    plannedRegistrationOn: '2022-06-01',
    plannedStartOn: '2023-01-01',
    stageChangedAt: '2022-03-01T02:00:00Z',
    latestReportPeriod: null,
    openObstacles: [{ id: 'ob-9', category: 'ENVIRONMENTAL_ASSESSMENT', raisedOn: '2023-05-01' }],
    ...overrides,
  });

describe('evaluateStallRules', () => {
  it('gives every rule that holds, in StallRule order', () => {
    const flags = evaluateStallRules(troubled(), '2024-06-20');
    expect(flags.map((flag) => `${flag.rule} ${flag.severity}`)).toEqual([
      'START_OVERDUE RED',
      'REGISTRATION_OVERDUE YELLOW',
      'LOW_FUNDS YELLOW',
      'MISSING_REPORT RED',
      'OBSTACLE_OPEN RED',
      'NO_STAGE_CHANGE YELLOW',
    ]);
    for (const flag of flags) expect([flag.projectId, flag.prefectureCode]).toEqual(['530300-2022-0007', '530300']);
  });

  it('flags no negotiating or terminated project, whatever its dates', () => {
    for (const stage of [ProjectStage.NEGOTIATING, ProjectStage.TERMINATED]) {
      expect(evaluateStallRules(troubled({ stage }), '2024-06-20'), stage).toEqual([]);
    }
  });

  it('only keeps obstacles for producing projects', () => {
    for (const stage of [ProjectStage.PARTIALLY_PRODUCING, ProjectStage.OPERATING, ProjectStage.AT_CAPACITY]) {
      expect(
        evaluateStallRules(troubled({ stage }), '2024-06-20').map((flag) => flag.rule),
        stage,
      ).toEqual([StallRule.OBSTACLE_OPEN]);
    }
  });

  it('drops START_OVERDUE once under construction', () => {
    const rules = evaluateStallRules(troubled({ stage: ProjectStage.UNDER_CONSTRUCTION }), '2024-06-20').map(
      (flag) => flag.rule,
    );
    expect(rules).not.toContain(StallRule.START_OVERDUE);
    expect(rules).toHaveLength(5);
  });

  it('states the stages each rule judges', () => {
    const table = Object.fromEntries(
      Object.entries(STALL_RULE_STAGES).map(([rule, stages]) => [rule, [...stages].sort()]),
    );
    const preProduction = ['PREPARING', 'SIGNED', 'UNDER_CONSTRUCTION'];
    expect(table).toEqual({
      START_OVERDUE: ['PREPARING', 'SIGNED'],
      REGISTRATION_OVERDUE: preProduction,
      LOW_FUNDS: preProduction,
      MISSING_REPORT: preProduction,
      OBSTACLE_OPEN: ['AT_CAPACITY', 'OPERATING', 'PARTIALLY_PRODUCING', ...preProduction].sort(),
      NO_STAGE_CHANGE: preProduction,
    });
  });

  it('skips a rule switched off', () => {
    const thresholds = parseStallThresholds({ lowFunds: { enabled: false }, obstacleOpen: { enabled: false } });
    const rules = evaluateStallRules(troubled(), '2024-06-20', thresholds).map((flag) => flag.rule);
    expect(rules).toEqual(['START_OVERDUE', 'REGISTRATION_OVERDUE', 'MISSING_REPORT', 'NO_STAGE_CHANGE']);
  });

  it('uses the default thresholds (docs/domain.md, "Thresholds") when no thresholds are given', () => {
    expect(evaluateStallRules(troubled(), '2024-06-20')).toEqual(
      evaluateStallRules(troubled(), '2024-06-20', DEFAULT_STALL_THRESHOLDS),
    );
  });

  it('flags nothing on a healthy project', () => {
    expect(evaluateStallRules(projectFacts(), '2024-06-20')).toEqual([]);
  });

  it('is pure: same input, same flags, and the facts are left alone', () => {
    const facts = troubled();
    const copy = structuredClone(facts);
    expect(evaluateStallRules(facts, '2024-06-20')).toEqual(evaluateStallRules(facts, '2024-06-20'));
    expect(facts).toEqual(copy);
  });

  it('refuses a malformed as-of date', () => {
    expect(() => evaluateStallRules(troubled(), '2024-6-20')).toThrow(InvalidDateError);
    expect(() => evaluateStallRules(troubled(), '2024-02-30')).toThrow(/2024-02-30/);
  });

  it('names the project and rule when a fact holds a malformed date', () => {
    const facts = troubled({ plannedStartOn: '2023/01/01' });
    expect(() => evaluateStallRules(facts, '2024-06-20')).toThrow(StallEvaluationError);
    expect(() => evaluateStallRules(facts, '2024-06-20')).toThrow(
      /Project 530300-2022-0007, rule START_OVERDUE: Invalid date "2023\/01\/01"/,
    );
  });
});
