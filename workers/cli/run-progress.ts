import cliProgress from 'cli-progress';
import { gql } from '../../lib/graphql/gql.js';
import type { GraphClient } from '../../lib/http/graph-client.js';

// Trusted documents: literal text, no interpolation (README, "Trusted documents").
const RUN = gql`
  query MetricRun($id: ID!) {
    metricRun(id: $id) {
      id
      asOf
      trigger
      state
      queuedAt
      startedAt
      finishedAt
      missingPrefectures
      newFlags
      clearedFlags
      error
      progress {
        prefectureCode
        state
        projectsRead
        attempts
        error
      }
    }
  }
`;
const LATEST_RUNS = gql`
  query LatestMetricRuns {
    metricRuns(first: 10) {
      id
      asOf
      trigger
      state
      queuedAt
      startedAt
      finishedAt
      missingPrefectures
      newFlags
      clearedFlags
      error
      progress {
        prefectureCode
        state
        projectsRead
        attempts
        error
      }
    }
  }
`;

interface RunView {
  id: string;
  asOf: string;
  trigger: string;
  state: string;
  missingPrefectures: string[];
  newFlags: number;
  clearedFlags: number;
  error: string | null;
  progress: { prefectureCode: string; state: string; projectsRead: number; attempts: number; error: string | null }[];
}

const FINISHED = ['COMPLETED', 'PARTIAL', 'FAILED'];

/** Shows a run's progress as a bar until it finishes; returns its final state. */
export async function followRun(client: GraphClient, id: string): Promise<string> {
  const bar = new cliProgress.SingleBar(
    { format: '  {bar} {value}/{total} prefectures | {projects} projects read | {state}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let run = await fetchRun(client, id);
  bar.start(run.progress.length, 0, { projects: 0, state: run.state });
  while (!FINISHED.includes(run.state)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = await fetchRun(client, id);
    const done = run.progress.filter((p) => p.state === 'DONE' || p.state === 'FAILED').length;
    bar.update(done, { projects: run.progress.reduce((sum, p) => sum + p.projectsRead, 0), state: run.state });
  }
  bar.stop();
  summarize(run);
  return run.state;
}

/** Prints one run in detail, or the latest runs. */
export async function printRun(client: GraphClient, id: string | undefined): Promise<void> {
  if (id) {
    const run = await fetchRun(client, id);
    summarize(run);
    for (const p of run.progress)
      console.log(
        `  ${p.prefectureCode}  ${p.state.padEnd(8)} ${String(p.projectsRead).padStart(6)} projects  attempt ${p.attempts}${p.error ? `  ${p.error}` : ''}`,
      );
    return;
  }
  const { metricRuns } = await client.request<{ metricRuns: RunView[] }>(LATEST_RUNS);
  if (!metricRuns.length) console.log('no runs yet');
  for (const run of metricRuns)
    console.log(
      `${run.id}  ${run.asOf}  ${run.trigger.padEnd(8)} ${run.state}${run.missingPrefectures.length ? ` (missing ${run.missingPrefectures.join(', ')})` : ''}`,
    );
}

async function fetchRun(client: GraphClient, id: string): Promise<RunView> {
  const { metricRun } = await client.request<{ metricRun: RunView | null }>(RUN, { id });
  if (!metricRun) throw new Error(`no run ${id}`);
  return metricRun;
}

function summarize(run: RunView): void {
  console.log(
    `run ${run.id} (${run.asOf}, ${run.trigger}): ${run.state}; flags +${run.newFlags} new, ${run.clearedFlags} cleared`,
  );
  if (run.missingPrefectures.length)
    console.log(
      `  missing: ${run.missingPrefectures.join(', ')} — rerun with --prefectures ${run.missingPrefectures.join(',')}`,
    );
}
