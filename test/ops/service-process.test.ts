/**
 * The one helper that starts services for npm start, the benchmarks and the tests
 * (scripts/service-process.ts), against a real child process (test/ops/fixtures/log-lines.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type ServiceProcess } from '../../scripts/service-process.js';

const FIXTURE = 'test/ops/fixtures/log-lines.ts';
const started: ServiceProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.kill()));
});

function startFixture(env: Record<string, string>, keepLines?: number): ServiceProcess {
  const service = startService({
    name: 'fixture',
    entry: FIXTURE,
    env: { PATH: process.env.PATH ?? '', ...env },
    keepLines,
  });
  started.push(service);
  return service;
}

describe('startService', () => {
  it('resolves with the awaited log entry and keeps the JSON lines apart from other output', async () => {
    const service = startFixture({ LOG_MSGS: JSON.stringify(['starting', 'fixture ready']) });
    expect(await service.waitForMessage('fixture ready')).toEqual({ level: 30, msg: 'fixture ready' });
    // An entry logged before the wait began is found too.
    expect(await service.waitForMessage('starting')).toMatchObject({ msg: 'starting' });
    expect(service.logs().map((entry) => entry.msg)).toEqual(['starting', 'fixture ready']);
    expect(service.running).toBe(true);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    // Every line printed before the exit has been read once `exited` (and so stop) resolves.
    expect(service.logs().at(-1)).toMatchObject({ msg: 'stopping' });
    expect(service.output()).toContain('not a JSON line');
  });

  it('rejects when the process exits first, naming the service, what was awaited and its stderr', async () => {
    const service = startFixture({ LOG_MSGS: '["starting"]', STDERR_TEXT: 'bad setting: PORT', EXIT_CODE: '3' });
    const error = await service.waitForMessage('fixture ready').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^fixture exited \(code 3\) before logging "fixture ready"/);
    expect((error as Error).message).toContain('bad setting: PORT');
    expect(await service.exited).toEqual({ code: 3, signal: null });
  });

  it('rejects after the timeout, naming what was awaited', async () => {
    const service = startFixture({ LOG_MSGS: '["starting"]' });
    await service.waitForMessage('starting');
    await expect(service.waitForMessage('never logged', 200)).rejects.toThrow(
      /^fixture did not log "never logged" within 200 ms; last output:\n.*"starting"/,
    );
    expect(service.running).toBe(true);
  });

  it('misses no entry when only the last lines are kept', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const service = startFixture({ LOG_MSGS: JSON.stringify(messages), EXIT_CODE: '0' }, 5);
    await service.exited;
    expect(service.logs().map((entry) => entry.msg)).toEqual(messages.slice(-5));
    await expect(service.waitForMessage('line 49')).resolves.toMatchObject({ msg: 'line 49' });
    await expect(service.waitForMessage('line 0')).rejects.toThrow(/exited \(code 0\) before logging "line 0"/);
  });
});
