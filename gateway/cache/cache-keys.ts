import { createHash } from 'node:crypto';
import type { Actor } from '../../schema/contract/hub-credential.js';

/** The version component of the province subgraph's data (results, registry, settings). */
export const PROVINCE_COMPONENT = 'province';

/** A fixed-length key of its parts (which may hold whole documents and variables). */
export const keyOf = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('base64url');

/**
 * What authorization depends on, as a key part: the role and, for an officer, the prefecture.
 * Never the subject: no read of the hub depends on who the caller is beyond these (README, "Cache").
 */
export function callerScope(actor: Pick<Actor, 'role' | 'prefectureCode'>): string {
  return actor.role === 'officer' ? `officer@${actor.prefectureCode}` : actor.role;
}
