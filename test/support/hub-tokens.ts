import { signHubToken, type Actor } from '../../schema/contract/actor.js';

/** The secret test subgraphs share with the test "gateway". */
export const TEST_HUB_SECRET = 'test-hub-secret-at-least-32-characters-long';

export const officerOf = (prefectureCode: string): Actor => ({ subject: `officer-${prefectureCode}`, role: 'officer', prefectureCode });
export const ADMIN: Actor = { subject: 'admin-1', role: 'admin' };
export const VIEWER: Actor = { subject: 'viewer-1', role: 'viewer' };
export const ANALYST: Actor = { subject: 'analyst-1', role: 'analyst' };

export function hubTokenFor(actor: Actor, secret = TEST_HUB_SECRET): Promise<string> {
  return signHubToken(actor, secret);
}
