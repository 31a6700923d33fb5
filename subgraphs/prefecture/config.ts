import { z } from 'zod';
import { isPrefectureCode } from '../../schema/prefectures.js';
import { databaseTarget, type DatabaseTarget } from '../../lib/database-url.js';
import { parseConfig } from '../../lib/parse-config.js';
import {
  gatewayTrustOf,
  gatewayTrustSettings,
  oneGatewayKeySource,
  type GatewayTrust,
} from '../lib/auth/gateway-trust.js';

const schema = z.object({
  PREFECTURE_CODE: z
    .string({ required_error: 'is required: the 6-digit code of the prefecture this subgraph serves' })
    .refine(isPrefectureCode, (code) => ({
      message: `${code} is not a Yunnan prefecture code (see schema/prefectures.json)`,
    }))
    .describe('GB/T 2260 code (schema/prefectures.json); the subgraph serves and writes this prefecture only.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave it unset to use SQLite')
    .optional()
    .describe('The prefecture’s database, `postgres://…`; unset: SQLite at `SQLITE_PATH`.'),
  SQLITE_PATH: z
    .string()
    .min(1)
    .optional()
    .describe('SQLite file when `DATABASE_URL` is unset; unset: `data/prefecture-<code>.sqlite`.'),
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(4001)
    .describe('Port it listens on (`/graphql`, `/health`, `/ready`, `/metrics`); 0 picks a free one.'),
  HOST: z.string().default('127.0.0.1').describe('Interface it listens on; `0.0.0.0` in a container.'),
  ...gatewayTrustSettings,
  DEMO_DATA: z
    .enum(['auto', 'off'])
    .default('off')
    .describe('`auto` fills an empty database with demo data; `off` never does.'),
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .describe('Apply pending migrations at start; `false` refuses to start while migrations are pending.'),
});

/** The prefecture subgraph's settings, exported so docs/settings.md can be generated from them. */
export { schema as prefectureSettingsSchema };

export interface PrefectureConfig {
  readonly prefectureCode: string;
  readonly database: DatabaseTarget;
  readonly port: number;
  readonly host: string;
  readonly gatewayTrust: GatewayTrust;
  readonly demoData: 'auto' | 'off';
  readonly migrateOnStart: boolean;
}

/** Parses and freezes the prefecture subgraph's settings; throws naming every bad setting. */
export function loadPrefectureConfig(env: NodeJS.ProcessEnv): PrefectureConfig {
  const parsed = parseConfig('prefecture subgraph', schema, env, [oneGatewayKeySource]);
  return Object.freeze({
    prefectureCode: parsed.PREFECTURE_CODE,
    database: databaseTarget(
      parsed.DATABASE_URL,
      parsed.SQLITE_PATH ?? `data/prefecture-${parsed.PREFECTURE_CODE}.sqlite`,
    ),
    port: parsed.PORT,
    host: parsed.HOST,
    gatewayTrust: gatewayTrustOf(parsed),
    demoData: parsed.DEMO_DATA,
    migrateOnStart: parsed.MIGRATE_ON_START === 'true',
  });
}
