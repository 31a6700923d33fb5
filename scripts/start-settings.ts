import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const portOrOff = (fallback: number) =>
  z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(fallback);

/**
 * The settings `npm start` (one-machine mode) reads. Passed on as text to the processes it starts,
 * which validate them too; its own module so the settings reference can read it without starting.
 */
export const oneMachineSettingsSchema = z.object({
  HUB_DATA_DIR: z
    .string()
    .min(1)
    .default('data')
    .describe(
      'Folder of the SQLite files, secrets, logs and `hub-url.json`; `npm run token` and `npm run metrics` read it too.',
    ),
  GATEWAY_PORT: port(4000).describe('Port of the gateway (GraphQL, dashboard, metrics); 0 lets the OS pick.'),
  PROVINCE_PORT: port(4090).describe('Port of the province subgraph; 0 lets the OS pick.'),
  SHARD_BASE_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535 - 15)
    .default(4101)
    .describe(
      'Port of the first prefecture shard; the 16 shards take this port and the 15 after it (0: the OS picks each).',
    ),
  BOARD_PORT: portOrOff(4099).describe('Port of the workers’ queue dashboard (`off` disables it, 0 lets the OS pick).'),
  WORKER_METRICS_PORT: portOrOff(4098).describe(
    'Port of the workers’ `/metrics` and `/health` (`off` disables it, 0 lets the OS pick).',
  ),
});

export type OneMachineSettings = z.infer<typeof oneMachineSettingsSchema>;
