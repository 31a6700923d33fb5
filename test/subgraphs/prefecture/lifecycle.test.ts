import { describe, expect, it } from 'vitest';
import { FORWARD_STAGES, isSignedStage, ProjectStage } from '../../../schema/contract/project-stage.js';
import { checkStageTransition } from '../../../subgraphs/prefecture/domain/lifecycle.js';

describe('project lifecycle', () => {
  it('allows every forward move, including skips, without a reason', () => {
    for (let from = 0; from < FORWARD_STAGES.length; from++) {
      for (let to = from + 1; to < FORWARD_STAGES.length; to++) {
        expect(checkStageTransition(FORWARD_STAGES[from], FORWARD_STAGES[to])).toEqual({ ok: true });
      }
    }
  });

  it('refuses every backward move without a reason and allows it with one', () => {
    for (let from = 1; from < FORWARD_STAGES.length; from++) {
      for (let to = 0; to < from; to++) {
        const without = checkStageTransition(FORWARD_STAGES[from], FORWARD_STAGES[to], '  ');
        expect(without.ok).toBe(false);
        // Zero-width characters, a word joiner and a BOM show nothing either.
        const zeroWidth = '\u200B\u200C\u200D\u2060\uFEFF';
        const invisible = checkStageTransition(FORWARD_STAGES[from], FORWARD_STAGES[to], zeroWidth);
        expect(invisible.ok).toBe(false);
        expect(checkStageTransition(FORWARD_STAGES[from], FORWARD_STAGES[to], '土地未落实，退回筹建')).toEqual({
          ok: true,
        });
      }
    }
  });

  it('terminates from any stage only with a reason, and nothing leaves TERMINATED', () => {
    for (const stage of FORWARD_STAGES) {
      expect(checkStageTransition(stage, ProjectStage.TERMINATED).ok).toBe(false);
      expect(checkStageTransition(stage, ProjectStage.TERMINATED, '投资方撤资')).toEqual({ ok: true });
      expect(checkStageTransition(ProjectStage.TERMINATED, stage, '恢复').ok).toBe(false);
    }
  });

  it('refuses a move to the stage the project is already in', () => {
    expect(checkStageTransition(ProjectStage.PREPARING, ProjectStage.PREPARING, 'x').ok).toBe(false);
  });

  it('counts terminated projects as signed but not negotiating ones', () => {
    expect(isSignedStage(ProjectStage.NEGOTIATING)).toBe(false);
    expect(isSignedStage(ProjectStage.SIGNED)).toBe(true);
    expect(isSignedStage(ProjectStage.TERMINATED)).toBe(true);
    expect(isSignedStage(ProjectStage.AT_CAPACITY)).toBe(true);
  });
});
