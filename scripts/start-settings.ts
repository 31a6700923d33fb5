import { z } from 'zod';

/**
 * The settings `npm start` (one-machine mode) reads. Passed on as text to the processes it starts,
 * which validate them; its own module so the settings reference can read it without starting.
 */
export const oneMachineSettingsSchema = z.object({
  GATEWAY_PORT: z.string().default('4000').describe('Port of the gateway (GraphQL, dashboard, metrics).'),
  PROVINCE_PORT: z.string().default('4090').describe('Port of the province subgraph.'),
  SHARD_BASE_PORT: z.string().default('4101')
    .describe('Port of the first prefecture shard; the 16 shards take this port and the 15 after it.'),
  BOARD_PORT: z.string().default('4099').describe('Port of the workers’ queue dashboard (`off` disables it).'),
  WORKER_METRICS_PORT: z.string().default('4098')
    .describe('Port of the workers’ `/metrics` and `/health` (`off` disables it).'),
});
