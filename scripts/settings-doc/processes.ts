import type { z } from 'zod';
import { gatewaySettingsSchema } from '../../gateway/config.js';
import { multiServerSettingsSchema } from '../../subgraphs/prefecture/multi-server-config.js';
import { prefectureSettingsSchema } from '../../subgraphs/prefecture/config.js';
import { provinceSettingsSchema } from '../../subgraphs/province/config.js';
import { workersSettingsSchema } from '../../workers/config.js';
import { oneMachineSettingsSchema } from '../start-settings.js';

/** A process whose environment is validated by one zod schema. */
export interface ProcessSettings {
  readonly title: string;
  /** Where the schema lives, relative to the repository root. */
  readonly source: string;
  /** How the process is started, and anything the table cannot say. */
  readonly intro: string;
  readonly schema: z.ZodObject<z.ZodRawShape>;
}

/** Every process, in the order of docs/settings.md. */
export const PROCESS_SETTINGS: readonly ProcessSettings[] = [
  {
    title: 'Gateway',
    source: 'gateway/config.ts',
    intro:
      '`npm run start:gateway`. ' +
      'Set exactly one of `USER_TOKEN_SECRET`, `USER_TOKEN_PUBLIC_KEY`, `USER_TOKEN_JWKS_URL`.',
    schema: gatewaySettingsSchema,
  },
  {
    title: 'Province subgraph',
    source: 'subgraphs/province/config.ts',
    intro:
      '`npm run start:province`; ' +
      '`SUBGRAPH=province npm run db:migrate` migrates its database with the same settings.',
    schema: provinceSettingsSchema,
  },
  {
    title: 'Prefecture subgraph',
    source: 'subgraphs/prefecture/config.ts',
    intro: '`npm run start:prefecture`, one process per prefecture; `npm run db:migrate` migrates its database.',
    schema: prefectureSettingsSchema,
  },
  {
    title: 'Prefecture multi-server',
    source: 'subgraphs/prefecture/multi-server-config.ts',
    intro:
      'Several prefecture subgraphs in one process (one-machine mode and benchmarks): ' +
      '`tsx subgraphs/prefecture/multi-server.ts`. Hosted subgraphs apply their migrations at start.',
    schema: multiServerSettingsSchema,
  },
  {
    title: 'Workers',
    source: 'workers/config.ts',
    intro: '`npm run start:workers`. Set `GATEWAY_TOKEN` or `USER_TOKEN_SECRET` (the workers mint their own token).',
    schema: workersSettingsSchema,
  },
  {
    title: 'One-machine start',
    source: 'scripts/start-settings.ts',
    intro: '`npm start`; it generates the secrets (`data/`) and passes every other setting to the processes it starts.',
    schema: oneMachineSettingsSchema,
  },
];
