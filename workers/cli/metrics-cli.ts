/**
 * Analysts' command line for the metric jobs, over the provincial graph:
 *   npm run metrics -- run [--as-of 2026-10-31] [--prefectures 530100,530300] [--no-wait]
 *   npm run metrics -- schedule [--pattern "0 2 * * *"] [--timezone Asia/Shanghai] [--pause | --resume]
 *   npm run metrics -- status [run id]
 * GATEWAY_URL (default: the gateway `npm start` last started, from data/hub-url.json, else
 * http://127.0.0.1:4000/graphql) and HUB_TOKEN (an analyst's token; in
 * one-machine mode one is minted from data/dev-secrets.json) say where and who.
 */
import { dateOptionProblem, extraArgumentsProblem, readCommandLine, usageError } from '../../lib/cli/command-line.js';
import { isPrefectureCode } from '../../schema/prefectures.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { devGatewayUrl } from '../../lib/one-machine/hub-url.js';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, loadOrCreateDevSecrets } from '../../lib/auth/dev-secrets.js';
import { HUB_TIME_ZONE } from '../../lib/calendar.js';
import { gql } from '../../lib/graphql/gql.js';
import { GraphClient } from '../../lib/http/graph-client.js';
import { followRun, printRun } from './run-progress.js';

const USAGE = `usage:
  npm run metrics -- run [--as-of YYYY-MM-DD] [--prefectures 530100,530300] [--no-wait]
  npm run metrics -- schedule [--pattern "0 2 * * *" [--timezone Asia/Shanghai] | --pause | --resume]
  npm run metrics -- status [RUN ID]`;

// Trusted documents: literal text, no interpolation (README, "Trusted documents").
const RUN_METRICS = gql`
  mutation RunMetrics($asOf: LocalDate, $prefectures: [String!]) {
    runMetrics(asOf: $asOf, prefectures: $prefectures) {
      id
      asOf
      prefectures
    }
  }
`;
const PAUSE_SCHEDULE = gql`
  mutation PauseMetricsSchedule {
    pauseMetricsSchedule {
      pattern
      timezone
      paused
      nextRunAt
    }
  }
`;
const RESUME_SCHEDULE = gql`
  mutation ResumeMetricsSchedule {
    resumeMetricsSchedule {
      pattern
      timezone
      paused
      nextRunAt
    }
  }
`;
const SET_SCHEDULE = gql`
  mutation SetMetricsSchedule($pattern: String!, $timezone: String!) {
    setMetricsSchedule(pattern: $pattern, timezone: $timezone) {
      pattern
      timezone
      paused
      nextRunAt
    }
  }
`;
const SCHEDULE = gql`
  query MetricsSchedule {
    metricsSchedule {
      pattern
      timezone
      paused
      nextRunAt
    }
  }
`;

async function main(): Promise<void> {
  const commandLine = readCommandLine(
    {
      'as-of': { type: 'string' },
      prefectures: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
      pattern: { type: 'string' },
      timezone: { type: 'string', default: HUB_TIME_ZONE },
      pause: { type: 'boolean', default: false },
      resume: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (!commandLine) return;
  const { positionals, values } = commandLine;
  const [command, argument] = positionals;
  if (!['run', 'schedule', 'status'].includes(command)) {
    return usageError(command ? `unknown command "${command}"` : 'no command given', USAGE);
  }
  const problem = extraArgumentsProblem(positionals, command === 'status' ? 1 : 0) ?? optionProblem(command, values);
  if (problem) return usageError(problem, USAGE);
  const token = process.env.HUB_TOKEN ?? (await devAnalystToken());
  const client = new GraphClient(process.env.GATEWAY_URL || devGatewayUrl(), token);
  switch (command) {
    case 'run': {
      const prefectures = codesOf(values.prefectures);
      const { runMetrics } = await client.request<{ runMetrics: { id: string; asOf: string; prefectures: string[] } }>(
        RUN_METRICS,
        { asOf: values['as-of'], prefectures },
      );
      console.log(`run ${runMetrics.id} for ${runMetrics.asOf} queued (${runMetrics.prefectures.length} prefectures)`);
      if (!values['no-wait']) process.exitCode = (await followRun(client, runMetrics.id)) === 'COMPLETED' ? 0 : 1;
      return;
    }
    case 'schedule': {
      const result = values.pause
        ? (await client.request<{ pauseMetricsSchedule: object }>(PAUSE_SCHEDULE)).pauseMetricsSchedule
        : values.resume
          ? (await client.request<{ resumeMetricsSchedule: object }>(RESUME_SCHEDULE)).resumeMetricsSchedule
          : values.pattern
            ? (
                await client.request<{ setMetricsSchedule: object }>(SET_SCHEDULE, {
                  pattern: values.pattern,
                  timezone: values.timezone,
                })
              ).setMetricsSchedule
            : (await client.request<{ metricsSchedule: object }>(SCHEDULE)).metricsSchedule;
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    case 'status':
      await printRun(client, argument);
      return;
  }
}

function codesOf(list: string | undefined): string[] | undefined {
  return list
    ?.split(',')
    .map((code) => code.trim())
    .filter(Boolean);
}

/** What is wrong with the options given to `command`, or null. */
function optionProblem(
  command: string,
  values: {
    'as-of'?: string;
    prefectures?: string;
    pattern?: string;
    timezone?: string;
    pause?: boolean;
    resume?: boolean;
  },
): string | null {
  if (values.pause && values.resume) return '--pause and --resume exclude each other';
  const badDate = dateOptionProblem('--as-of', values['as-of']);
  if (badDate) return badDate;
  if (command === 'schedule' && values.pattern === undefined && values.timezone !== HUB_TIME_ZONE)
    return '--timezone goes with --pattern (the schedule is set as both)';
  const codes = codesOf(values.prefectures);
  if (codes?.length === 0) return '--prefectures names no prefecture; leave it out to run all 16';
  const unknown = codes?.filter((code) => !isPrefectureCode(code)) ?? [];
  if (unknown.length) return `--prefectures: ${unknown.join(', ')} is not a prefecture code of Yunnan (530100 …)`;
  return null;
}

async function devAnalystToken(): Promise<string> {
  const { userTokenSecret } = loadOrCreateDevSecrets();
  return mintUserToken(
    { subject: 'analyst-cli', role: 'analyst' },
    { secret: userTokenSecret, issuer: DEV_TOKEN_ISSUER, audience: DEV_TOKEN_AUDIENCE },
    '1h',
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
