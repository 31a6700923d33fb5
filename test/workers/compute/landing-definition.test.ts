import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import {
  DEFAULT_LANDING_DEFINITION,
  isLanded,
  LANDING_DEFINITIONS,
  LandingDefinitionError,
  landingDefinitionSchema,
  parseLandingDefinition,
} from '../../../lib/metrics-rules/landing-definition.js';
import { countProject, emptyCounts } from '../../../lib/metrics-rules/metric-counts.js';
import { computeRates } from '../../../lib/metrics-rules/metric-rates.js';
import { projectFacts } from './project-facts.fixture.js';

describe('landing definition', () => {
  const registeredPreparing = projectFacts({
    stage: ProjectStage.PREPARING,
    actualRegistrationOn: '2024-03-01',
    fundsInPlace: 0n,
  });
  const fundedSigned = projectFacts({ stage: ProjectStage.SIGNED, actualRegistrationOn: null, fundsInPlace: 1n });
  const bareBuilding = projectFacts({
    stage: ProjectStage.UNDER_CONSTRUCTION,
    actualRegistrationOn: null,
    fundsInPlace: 0n,
  });
  const projects = [registeredPreparing, fundedSigned, bareBuilding];

  it('defaults to a registered local company', () => {
    expect(DEFAULT_LANDING_DEFINITION).toBe('REGISTERED_COMPANY');
    expect(parseLandingDefinition(undefined)).toBe('REGISTERED_COMPANY');
    expect(landingDefinitionSchema.parse(undefined)).toBe('REGISTERED_COMPANY');
  });

  it('picks a different numerator per definition, over the same signed denominator', () => {
    const landedUnder = (definition: (typeof LANDING_DEFINITIONS)[number]) =>
      projects.map((facts) => isLanded(facts, definition));
    expect(landedUnder('REGISTERED_COMPANY')).toEqual([true, false, false]);
    expect(landedUnder('STARTED')).toEqual([false, false, true]);
    expect(landedUnder('FUNDS_ARRIVED')).toEqual([false, true, false]);
    for (const definition of LANDING_DEFINITIONS) {
      const counts = projects.reduce((sum, facts) => countProject(sum, facts, definition), emptyCounts());
      expect(computeRates(counts).landingRate, definition).toEqual({ numerator: 1n, denominator: 3n, percent: 33.3 });
    }
  });

  it('never counts negotiating or terminated projects as landed', () => {
    for (const stage of [ProjectStage.NEGOTIATING, ProjectStage.TERMINATED]) {
      const facts = projectFacts({ stage, actualRegistrationOn: '2019-01-01', fundsInPlace: 100n });
      for (const definition of LANDING_DEFINITIONS)
        expect(isLanded(facts, definition), `${stage} ${definition}`).toBe(false);
    }
  });

  it('accepts every exported name', () => {
    for (const name of LANDING_DEFINITIONS) expect(parseLandingDefinition(name)).toBe(name);
  });

  it('rejects an unknown name with the allowed ones in the message', () => {
    expect(() => parseLandingDefinition('registered_company')).toThrow(LandingDefinitionError);
    expect(() => parseLandingDefinition('LANDED')).toThrow(
      'Unknown landing definition "LANDED": expected one of REGISTERED_COMPANY, STARTED, FUNDS_ARRIVED',
    );
    expect(() => parseLandingDefinition(null)).toThrow(/null/);
    const parsed = landingDefinitionSchema.safeParse('LANDED');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(/unknown landing definition "LANDED".*REGISTERED_COMPANY/);
  });
});
