import { z } from 'zod';
import { isPrefectureCode, PREFECTURES } from '../../schema/prefectures.js';
import { gatewayTrustSettings } from '../lib/auth/gateway-trust.js';

/**
 * The settings of the prefecture multi-server (one-machine mode: several prefecture subgraphs in
 * one process). Its own module so the settings reference can read it without starting shards.
 */
export const multiServerSettingsSchema = z.object({
  PREFECTURE_CODES: z
    .string()
    .default('all')
    .transform((v) => (v === 'all' ? PREFECTURES.map((p) => p.code) : v.split(',').map((c) => c.trim())))
    .refine((codes) => codes.every(isPrefectureCode), 'must be "all" or prefecture codes separated by commas')
    .describe('`all`, or the prefecture codes to host, comma-separated.'),
  BASE_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65000)
    .default(4101)
    .describe('Port of the first prefecture (schema/prefectures.json order), the others follow; 0: free ports.'),
  HOST: z.string().default('127.0.0.1').describe('Interface every hosted subgraph listens on.'),
  DATA_DIR: z
    .string()
    .default('data')
    .describe('Folder of the SQLite files (`prefecture-<code>.sqlite`) when `DATABASE_URL_TEMPLATE` is unset.'),
  DATABASE_URL_TEMPLATE: z
    .string()
    .regex(/^postgres(ql)?:\/\/.*\{code\}/, 'must be a postgres:// URL containing {code}')
    .optional()
    .describe('`postgres://…/prefecture_{code}`: one PostgreSQL database per prefecture (created if missing).'),
  ...gatewayTrustSettings,
  DEMO_DATA: z
    .enum(['auto', 'off'])
    .default('auto')
    .describe('`auto` fills each empty database with demo data; `off` never does.'),
  DEMO_PROJECTS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(300)
    .describe('Demo projects generated per prefecture when `DEMO_DATA=auto` finds an empty database.'),
});
