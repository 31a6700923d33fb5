import type { EntityManager } from '@mikro-orm/knex';
import { z } from 'zod';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import { validateInput } from '../../../lib/validate-input.js';
import { PREFECTURES } from '../../../schema/prefectures.js';
import type { Actor } from '../../../schema/contract/hub-credential.js';
import { RegisteredPrefecture } from '../../../lib/hub-database/entities/registered-prefecture.entity.js';
import { audit } from '../../../lib/hub-database/store/audit.store.js';

/** Who changed a registered URL when a one-machine start re-points the registry at its own shards. */
const ONE_MACHINE_START: Actor = { subject: 'one-machine-start', role: 'admin' };

/**
 * Brings the registry in line with schema/prefectures.json (new codes added, names corrected) and
 * gives prefectures without a shard URL the one from `initialShardUrls`. URLs an admin has set
 * are never overwritten, unless `replaceRegistered` (one-machine mode only: `npm start` owns the
 * shards it started, so the URLs of a previous start are stale); each replacement is audited.
 */
export async function syncRegistry(
  em: EntityManager,
  initialShardUrls: Readonly<Record<string, string>> = {},
  replaceRegistered = false,
): Promise<void> {
  const existing = new Map((await em.find(RegisteredPrefecture, {})).map((p) => [p.code, p]));
  const replaced: Record<string, [string, string]> = {};
  PREFECTURES.forEach((reference, position) => {
    const row =
      existing.get(reference.code) ?? em.create(RegisteredPrefecture, { code: reference.code } as RegisteredPrefecture);
    em.assign(row, { nameZh: reference.nameZh, nameEn: reference.nameEn, kind: reference.kind, position });
    const initial = initialShardUrls[reference.code];
    if (!initial || row.shardUrl === initial) return;
    if (row.shardUrl && !replaceRegistered) return;
    if (row.shardUrl) replaced[reference.code] = [row.shardUrl, initial];
    row.shardUrl = initial;
    row.shardUrlChangedAt = new Date();
  });
  if (Object.keys(replaced).length > 0) await audit(em, ONE_MACHINE_START, 'registerPrefectureShard', { replaced });
  await em.flush();
}

const shardUrl = z
  .string()
  .url('must be an absolute URL')
  .max(500, 'must be at most 500 characters')
  .refine((url) => /^https?:\/\//.test(url), 'must be an http or https URL');

/** Points a prefecture at a (new) subgraph URL; the gateway checks it against the contract before use. */
export async function registerShard(
  em: EntityManager,
  actor: Actor,
  code: string,
  url: string,
): Promise<RegisteredPrefecture> {
  const clean = validateInput(z.object({ url: shardUrl }), { url });
  const prefecture = await em.findOne(RegisteredPrefecture, { code });
  if (!prefecture)
    throw hubError(ErrorCode.NOT_FOUND, `code: no prefecture ${code} in the registry`, { field: 'code' });
  if (prefecture.shardUrl !== clean.url) {
    const before = prefecture.shardUrl ?? null;
    prefecture.shardUrl = clean.url;
    prefecture.shardUrlChangedAt = new Date();
    await audit(em, actor, 'registerPrefectureShard', { code, url: [before, clean.url] });
  }
  return prefecture;
}
