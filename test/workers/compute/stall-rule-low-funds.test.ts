import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { projectFacts } from './project-facts.fixture.js';
import { acrossDates, flagsOf, summarizeFlags } from './stall-summary.fixture.js';

const rule = StallRule.LOW_FUNDS;
// 1,000,000.00 yuan agreed; 25% is 250,000.00 yuan = 25,000,000 fen.
const agreedInvestment = 100_000_000n;

describe('LOW_FUNDS', () => {
  it('turns yellow twelve months after signing, when funds are below 25%', () => {
    const facts = projectFacts({ signedOn: '2023-06-15', agreedInvestment, fundsInPlace: 10_000_000n });
    expect(
      acrossDates(['2024-06-14', '2024-06-15', '2024-06-16', '2026-01-01'], (asOf) =>
        summarizeFlags(rule, facts, asOf),
      ),
    ).toEqual({
      '2024-06-14': 'none',
      '2024-06-15': 'YELLOW since 2024-06-15',
      '2024-06-16': 'YELLOW since 2024-06-15',
      '2026-01-01': 'YELLOW since 2024-06-15',
    });
  });

  it('compares in exact fen: one fen below 25% flags, exactly 25% does not', () => {
    expect(
      summarizeFlags(
        rule,
        projectFacts({ signedOn: '2023-01-15', agreedInvestment, fundsInPlace: 24_999_999n }),
        '2024-06-20',
      ),
    ).toEqual(['YELLOW since 2024-01-15']);
    expect(
      summarizeFlags(
        rule,
        projectFacts({ signedOn: '2023-01-15', agreedInvestment, fundsInPlace: 25_000_000n }),
        '2024-06-20',
      ),
    ).toEqual([]);
    const huge = 4n * 10n ** 20n; // 4×10^20 fen: far beyond 2^53
    expect(
      summarizeFlags(
        rule,
        projectFacts({ signedOn: '2023-01-15', agreedInvestment: huge, fundsInPlace: huge / 4n - 1n }),
        '2024-06-20',
      ),
    ).toHaveLength(1);
    expect(
      summarizeFlags(
        rule,
        projectFacts({ signedOn: '2023-01-15', agreedInvestment: huge, fundsInPlace: huge / 4n }),
        '2024-06-20',
      ),
    ).toEqual([]);
  });

  it('counts twelve months from Jan 31 to Jan 31, and from Feb 29 to Feb 28', () => {
    const fromJan31 = projectFacts({ signedOn: '2023-01-31', agreedInvestment, fundsInPlace: 0n });
    expect(summarizeFlags(rule, fromJan31, '2024-01-30')).toEqual([]);
    expect(summarizeFlags(rule, fromJan31, '2024-01-31')).toEqual(['YELLOW since 2024-01-31']);
    const fromLeapDay = projectFacts({ signedOn: '2024-02-29', agreedInvestment, fundsInPlace: 0n });
    expect(
      acrossDates(['2025-02-27', '2025-02-28', '2025-03-01'], (asOf) => summarizeFlags(rule, fromLeapDay, asOf)),
    ).toEqual({
      '2025-02-27': 'none',
      '2025-02-28': 'YELLOW since 2025-02-28',
      '2025-03-01': 'YELLOW since 2025-02-28',
    });
  });

  it('clamps Jan 31 + 13 months to Feb 29 with an overridden period', () => {
    const facts = projectFacts({ signedOn: '2023-01-31', agreedInvestment, fundsInPlace: 0n });
    expect(summarizeFlags(rule, facts, '2024-02-28', { lowFunds: { afterMonths: 13 } })).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-02-29', { lowFunds: { afterMonths: 13 } })).toEqual([
      'YELLOW since 2024-02-29',
    ]);
  });

  it('carries the amounts as yuan strings and the percentage in place', () => {
    const [flag] = flagsOf(
      rule,
      projectFacts({ signedOn: '2023-01-15', agreedInvestment: 120_000_000_000n, fundsInPlace: 14_814_000_000n }),
      '2024-06-20',
    );
    expect(flag.evidence).toEqual({
      signedOn: '2023-01-15',
      agreedInvestment: '1200000000.00',
      fundsInPlace: '148140000.00',
      fundsPercent: 12.3,
      minPercent: 25,
    });
  });

  it('does not judge projects without agreed investment or signing date', () => {
    expect(
      summarizeFlags(
        rule,
        projectFacts({ signedOn: '2020-01-01', agreedInvestment: 0n, fundsInPlace: 0n }),
        '2024-06-20',
      ),
    ).toEqual([]);
    expect(
      summarizeFlags(rule, projectFacts({ signedOn: null, agreedInvestment, fundsInPlace: 0n }), '2024-06-20'),
    ).toEqual([]);
  });

  it('flags signed, preparing and building projects only', () => {
    const flagged = Object.values(ProjectStage).filter(
      (stage) =>
        summarizeFlags(
          rule,
          projectFacts({ stage, signedOn: '2020-01-01', agreedInvestment, fundsInPlace: 0n }),
          '2024-06-20',
        ).length > 0,
    );
    expect(flagged).toEqual([ProjectStage.SIGNED, ProjectStage.PREPARING, ProjectStage.UNDER_CONSTRUCTION]);
  });

  it('follows an overridden minimum percentage with decimals', () => {
    const facts = projectFacts({ signedOn: '2023-01-15', agreedInvestment, fundsInPlace: 12_500_000n }); // 12.5%
    expect(summarizeFlags(rule, facts, '2024-06-20', { lowFunds: { minPercent: 12.5 } })).toEqual([]);
    expect(summarizeFlags(rule, facts, '2024-06-20', { lowFunds: { minPercent: 12.51 } })).toEqual([
      'YELLOW since 2024-01-15',
    ]);
  });
});
