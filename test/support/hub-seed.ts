import { formatFen, parseYuan } from '../../schema/contract/money.js';
import type { HubHarness } from '../../bench/support/hub-harness.js';
import { createProject } from '../../bench/support/project-fixtures.js';

export interface SeededProject {
  readonly id: string;
  readonly prefectureCode: string;
  readonly agreedInvestment: string;
}

/**
 * Creates `perShard` projects (or as many as it says for a code) in every shard of the hub, straight in each shard's subgraph (not
 * through the gateway), each with its own agreed investment so that sums tell shards apart.
 */
export async function seedProjects(
  hub: HubHarness,
  perShard: number | ((code: string) => number),
): Promise<Map<string, SeededProject[]>> {
  const seeded = new Map<string, SeededProject[]>();
  let n = 0;
  for (const [code, shard] of hub.shards) {
    const rows: SeededProject[] = [];
    const count = typeof perShard === 'number' ? perShard : perShard(code);
    for (let i = 0; i < count; i++) {
      n++;
      const created = await createProject(shard.harness, {
        name: `项目 ${code} #${i + 1}`,
        agreedInvestment: `${1_000_000 * n + 37}.${String(n % 100).padStart(2, '0')}`,
        signedOn: `2018-0${1 + (n % 9)}-1${n % 10}`,
      });
      rows.push({ id: created.id, prefectureCode: code, agreedInvestment: created.agreedInvestment });
    }
    seeded.set(code, rows);
  }
  return seeded;
}

/** Ids of the seeded projects of these prefectures, in ID_ASC order. */
export function idsOf(seeded: ReadonlyMap<string, readonly SeededProject[]>, codes: readonly string[]): string[] {
  return codes.flatMap((code) => seeded.get(code)!.map((p) => p.id)).sort();
}

/** Exact sum of the seeded agreed investment of these prefectures, as Money. */
export function investmentOf(seeded: ReadonlyMap<string, readonly SeededProject[]>, codes: readonly string[]): string {
  return formatFen(
    codes.flatMap((code) => seeded.get(code)!).reduce((sum, p) => sum + parseYuan(p.agreedInvestment), 0n),
  );
}
