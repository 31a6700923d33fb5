import type { EntityManager } from '@mikro-orm/knex';
import { RegisteredPrefecture } from '../entities/registered-prefecture.entity.js';

/** Every registered prefecture in registry order (GB/T 2260 code order, the `position` column). */
export function registeredPrefectures(em: EntityManager): Promise<RegisteredPrefecture[]> {
  return em.find(RegisteredPrefecture, {}, { orderBy: { position: 'asc' } });
}

/** The codes of every registered prefecture, in registry order: who a run covers by default. */
export async function registeredPrefectureCodes(em: EntityManager): Promise<string[]> {
  return (await registeredPrefectures(em)).map((prefecture) => prefecture.code);
}
