import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import {
  LandingDefinitionError,
  parseLandingDefinition,
  parseStallThresholds,
  StallThresholdsError,
} from '../../../lib/metrics-rules/index.js';
import type { ProvinceContext } from '../context.js';
import {
  loadLandingDefinition,
  loadStallThresholds,
  saveLandingDefinition,
  saveStallThresholds,
} from '../../../lib/hub-database/store/hub-settings.store.js';
import type { StallRulesView } from '../graphql/types/metrics-schedule.type.js';
import { audit } from '../../../lib/hub-database/store/audit.store.js';
import { changeSettings } from '../../../lib/hub-database/store/settings-change.js';

export async function stallRulesView(ctx: ProvinceContext): Promise<StallRulesView> {
  return {
    thresholds: JSON.stringify(await loadStallThresholds(ctx.em)),
    landingDefinition: await loadLandingDefinition(ctx.em),
  };
}

/**
 * Changes some thresholds: the JSON given is laid over the ones in force, and the result must be
 * valid as a whole. Takes effect from the next run.
 */
export async function updateStallThresholds(ctx: ProvinceContext, json: string): Promise<StallRulesView> {
  let patch: unknown;
  try {
    patch = JSON.parse(json);
  } catch {
    throw badInput('thresholds', 'is not valid JSON');
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw badInput('thresholds', 'must be a JSON object');
  try {
    // Read and written in one transaction, so concurrent patches each land on the other's result.
    await changeSettings(ctx.em, async (tx) => {
      const merged = parseStallThresholds(deepMerge(await loadStallThresholds(tx), patch as Record<string, unknown>));
      await saveStallThresholds(tx, merged, ctx.actor.subject);
      await audit(tx, ctx.actor, 'updateStallThresholds', { patch });
    });
  } catch (error) {
    if (!(error instanceof StallThresholdsError)) throw error;
    const first = error.issues[0];
    throw hubError(ErrorCode.BAD_USER_INPUT, `thresholds.${first.setting}: ${first.message}`, {
      field: `thresholds.${first.setting}`,
      issues: error.issues,
    });
  }
  return stallRulesView(ctx);
}

export async function setLandingDefinition(ctx: ProvinceContext, definition: string): Promise<StallRulesView> {
  try {
    const landing = parseLandingDefinition(definition);
    await changeSettings(ctx.em, async (tx) => {
      await saveLandingDefinition(tx, landing, ctx.actor.subject);
      await audit(tx, ctx.actor, 'setLandingDefinition', { definition });
    });
  } catch (error) {
    if (error instanceof LandingDefinitionError) throw badInput('definition', error.message);
    throw error;
  }
  return stallRulesView(ctx);
}

function deepMerge(base: object, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? deepMerge(current, value as Record<string, unknown>)
        : value;
  }
  return merged;
}
