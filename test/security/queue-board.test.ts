import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { METRICS_QUEUES } from '../../lib/jobs/metrics-jobs.js';
import { startQueueBoard, type QueueBoard } from '../../workers/board/queue-board.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import { ADMIN, ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import { connectTestRedis } from '../support/metrics-harness.js';

/** The queue dashboard (bull-board) on real Redis and real HTTP: admins only, no cross-site writes. */
describe('queue dashboard access', () => {
  let redis: Redis;
  let board: QueueBoard;
  let adminToken: string;
  const prefix = `{board-test-${process.pid}}`;

  beforeAll(async () => {
    redis = await connectTestRedis();
    board = await startQueueBoard({ connection: redis, prefix, tokens: TEST_USER_TOKENS, port: 0, host: '127.0.0.1' });
    adminToken = await mintUserToken(ADMIN, TEST_USER_TOKENS);
  });
  afterAll(async () => {
    await board?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${board.url}${path}`, { headers, redirect: 'manual' });

  it('turns away a request without a token, and a token that is not an admin’s', async () => {
    expect((await get('')).status).toBe(401);
    expect((await get('/api/queues')).status).toBe(401);
    for (const actor of [VIEWER, ANALYST]) {
      const token = await mintUserToken(actor, TEST_USER_TOKENS);
      expect((await get(`/login?token=${token}`)).status).toBe(401);
      expect((await get('/api/queues', { authorization: `Bearer ${token}` })).status).toBe(403);
    }
    expect((await get('/login?token=not-a-jwt')).status).toBe(401);
  });

  it('signs an admin in with an HttpOnly SameSite=Strict cookie that then opens the board and its API', async () => {
    const login = await get(`/login?token=${adminToken}`);
    expect(login.status).toBe(302);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^hub_board_token=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0];
    const page = await get('', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await get('/api/queues', { cookie });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.values(METRICS_QUEUES).sort());
  });

  it('refuses a write from another origin even with the admin cookie, and accepts it from its own', async () => {
    const cookie = `hub_board_token=${adminToken}`;
    const host = new URL(board.url).host;
    const write = (origin: string) =>
      fetch(`${board.url}/api/queues/pause`, { method: 'PUT', headers: { cookie, origin }, redirect: 'manual' });
    const foreign = await write('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toBe('cross-site request refused');
    expect((await write(`http://${host}`)).status).toBe(200);
  });
});
