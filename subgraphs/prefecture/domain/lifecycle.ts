import { storedTextProblem } from '../../../lib/text-rules.js';
import { ProjectStage, stageRank } from '../../../schema/contract/project-stage.js';

export type TransitionCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The lifecycle rules (docs/domain.md, "Allowed moves"): forward moves may skip stages; a backward move needs a stated
 * reason; TERMINATED is reachable from anywhere (with a reason) and final.
 */
export function checkStageTransition(from: ProjectStage, to: ProjectStage, reason?: string | null): TransitionCheck {
  // A reason of spaces or zero-width characters says nothing.
  const hasReason = typeof reason === 'string' && storedTextProblem(reason) === null;
  if (from === to) return { ok: false, reason: `the project is already ${to}` };
  if (from === ProjectStage.TERMINATED) return { ok: false, reason: 'a terminated project cannot change stage' };
  if (to === ProjectStage.TERMINATED) {
    return hasReason ? { ok: true } : { ok: false, reason: 'terminating a project needs a reason' };
  }
  if (stageRank(to) > stageRank(from)) return { ok: true };
  return hasReason ? { ok: true } : { ok: false, reason: `moving back from ${from} to ${to} needs a reason` };
}
