import { z } from 'zod';
import { ProjectStage } from '../../schema/contract/project-stage.js';
import type { ProjectFacts } from './project-facts.js';
import { SIGNED_STAGES, STARTED_STAGES } from './stage-sets.js';

/**
 * 落地 has no single national definition (docs/domain.md, "Landing definition"), so the numerator of 落地率 is chosen here.
 * Whatever the definition, the denominator is the signed set, and a TERMINATED project is never
 * landed: like 履约 and 开工, landing counts projects that are still going.
 * - REGISTERED_COMPANY (default): a local company is registered (actualRegistrationOn is set).
 * - STARTED: construction started (UNDER_CONSTRUCTION through AT_CAPACITY), i.e. 开工.
 * - FUNDS_ARRIVED: some funds are in place (fundsInPlace > 0).
 */
export const LANDING_DEFINITIONS = ['REGISTERED_COMPANY', 'STARTED', 'FUNDS_ARRIVED'] as const;

export type LandingDefinition = (typeof LANDING_DEFINITIONS)[number];

/** Default: REGISTERED_COMPANY. */
export const DEFAULT_LANDING_DEFINITION: LandingDefinition = 'REGISTERED_COMPANY';

export class LandingDefinitionError extends Error {}

const describeAllowed = () => `expected one of ${LANDING_DEFINITIONS.join(', ')}`;

/** For config schemas: a landing definition name, defaulting to REGISTERED_COMPANY. */
export const landingDefinitionSchema = z
  .enum(LANDING_DEFINITIONS, {
    errorMap: (_issue, ctx) => ({
      message: `unknown landing definition ${JSON.stringify(ctx.data)}; ${describeAllowed()}`,
    }),
  })
  .default(DEFAULT_LANDING_DEFINITION);

/**
 * Reads a landing definition name (e.g. from config or an analyst's mutation). Undefined gives the
 * default; anything else that is not an exact name throws LandingDefinitionError.
 */
export function parseLandingDefinition(value: unknown): LandingDefinition {
  if (value === undefined) return DEFAULT_LANDING_DEFINITION;
  if (typeof value === 'string' && (LANDING_DEFINITIONS as readonly string[]).includes(value)) {
    return value as LandingDefinition;
  }
  throw new LandingDefinitionError(`Unknown landing definition ${JSON.stringify(value)}: ${describeAllowed()}`);
}

/** Whether the project counts in the 落地 numerator under `definition`. */
export function isLanded(facts: ProjectFacts, definition: LandingDefinition): boolean {
  if (!SIGNED_STAGES.has(facts.stage) || facts.stage === ProjectStage.TERMINATED) return false;
  switch (definition) {
    case 'REGISTERED_COMPANY':
      return facts.actualRegistrationOn !== null;
    case 'STARTED':
      return STARTED_STAGES.has(facts.stage);
    case 'FUNDS_ARRIVED':
      return facts.fundsInPlace > 0n;
  }
}
