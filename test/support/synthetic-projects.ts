import type { Project } from '../../subgraphs/prefecture/entities/index.js';

const STAGES = ['NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'OPERATING', 'TERMINATED'] as const;

/**
 * A project row with many ties in every sort key (dates, amounts, update times) and negotiating
 * rows without a signing date: the cases keyset pagination and shard merging get wrong first.
 */
export function syntheticProject(code: string, seq: number): Partial<Project> {
  const stage = STAGES[seq % STAGES.length];
  const year = 2016 + (seq % 5);
  return {
    id: `${code}-${year}-${String(seq).padStart(4, '0')}`,
    prefectureCode: code,
    name: seq % 4 === 0 ? `Solar 光伏项目 ${seq}` : `绿色铝项目 ${seq}`,
    stage: stage as Project['stage'],
    eventKind: (seq % 2 ? 'SOUTH_ASIA_EXPO' : 'INVESTMENT_FAIR') as Project['eventKind'],
    signingLevel: (seq % 3 === 0 ? 'PROVINCIAL_MAJOR_EVENT' : 'PREFECTURE') as Project['signingLevel'],
    signedOn: stage === 'NEGOTIATING' ? null : `${year}-0${1 + (seq % 3)}-1${seq % 2}`,
    cohortYear: year,
    industry: seq % 2 ? '绿色铝' : '硅光伏',
    county: seq % 2 ? '红塔区' : '江川区',
    investorName: `投资方 ${seq % 7}`,
    agreedInvestment: BigInt((seq % 4) * 100_000_000 + (seq % 3)),
    fundsInPlace: BigInt((seq % 4) * 10_000_000),
    investmentCompleted: 0n,
    version: 1,
    stageChangedAt: new Date(Date.UTC(2020, 0, 1)),
    createdAt: new Date(Date.UTC(2020, 0, 1)),
    updatedAt: new Date(Date.UTC(2021, 0, 1) + (seq % 9) * 60_000),
  };
}
