import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST } from '../../bench/support/hub-tokens.js';
import { GraphClient } from '../../lib/http/graph-client.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { waitUntil } from '../support/metrics-runs.js';
import { trustedDocumentNamed } from '../support/trusted-documents.js';

interface Run {
  id: string;
  trigger: string;
  state: string;
  missingPrefectures: string[];
  progress: { prefectureCode: string; state: string; projectsRead: number }[];
}

const FINISHED = ['COMPLETED', 'PARTIAL', 'FAILED'];

describe('metric runs with TRUSTED_DOCUMENTS_ONLY on', () => {
  let harness: MetricsHubHarness;
  let cli: GraphClient;
  beforeAll(async () => {
    harness = await startMetricsHub({ gateway: { trustedDocumentsOnly: true } });
    harness.startWorkers();
    // The analysts' CLI client: it sends the hashes of its gql documents.
    cli = new GraphClient(harness.hub.gatewayUrl, await harness.hub.tokenFor(ANALYST));
  }, 120_000);
  afterAll(() => harness?.close());

  const finished = (id: string) =>
    waitUntil(
      `run ${id} to finish`,
      async () => {
        const { metricRun } = await cli.request<{ metricRun: Run | null }>(trustedDocumentNamed('MetricRun'), { id });
        return metricRun && FINISHED.includes(metricRun.state) ? metricRun : null;
      },
      60_000,
      250,
    );

  const expectComplete = (run: Run) => {
    expect(run).toMatchObject({ state: 'COMPLETED', missingPrefectures: [] });
    expect(run.progress).toHaveLength(16);
    for (const progress of run.progress) expect(progress.state).toBe('DONE');
    // Every prefecture's facts were read through the gateway, by the facts reader's trusted document.
    expect(run.progress.reduce((sum, p) => sum + p.projectsRead, 0)).toBeGreaterThan(16 * 20 - 1);
  };

  it('refuses the analyst an ad-hoc query: the flag is on', async () => {
    const adHoc = await harness.hub.query('{ metricRuns(first: 1) { id } }', {}, ANALYST);
    expect(adHoc.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('completes the nightly run: the scheduler’s job, the workers reading every prefecture by hash', async () => {
    // Exactly the job the nightly scheduler emits (lib/jobs/metrics.queue.ts, upsertNightlySchedule).
    await harness.runs.add('nightly', { trigger: 'SCHEDULE', requestedBy: 'scheduler' });
    const scheduled = await waitUntil(
      'the nightly run to be recorded',
      async () => {
        const { metricRuns } = await cli.request<{ metricRuns: Run[] }>(trustedDocumentNamed('LatestMetricRuns'));
        return metricRuns.find((run) => run.trigger === 'SCHEDULE');
      },
      30_000,
      250,
    );
    expectComplete(await finished(scheduled.id));
  });

  it('completes a run the analysts’ CLI requests, followed by its documents', async () => {
    const { runMetrics } = await cli.request<{ runMetrics: { id: string } }>(trustedDocumentNamed('RunMetrics'), {
      asOf: '2026-10-31',
    });
    expectComplete(await finished(runMetrics.id));
  });
});
