import { z } from 'zod';
import { isPrefectureCode } from '../../schema/prefectures.js';
import { databaseTarget, type DatabaseTarget } from '../../lib/database-url.js';
import { parseConfig } from '../../lib/parse-config.js';
import { gatewayTrustOf, gatewayTrustSettings, oneGatewayKeySource, type GatewayTrust } from '../lib/auth/gateway-trust.js';

const schema = z.object({
  PREFECTURE_CODE: z
    .string({ required_error: 'is required: the 6-digit code of the prefecture this subgraph serves' })
    .refine(isPrefectureCode, (code) => ({ message: `${code} is not a Yunnan prefecture code (see schema/prefectures.json)` })),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave it unset to use SQLite')
    .optional(),
  SQLITE_PATH: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  HOST: z.string().default('127.0.0.1'),
  ...gatewayTrustSettings,
  /** `auto` fills an empty database with demo data; `off` never does. */
  DEMO_DATA: z.enum(['auto', 'off']).default('off'),
  /** Runs pending migrations at start; otherwise the process refuses to start with pending ones. */
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
});

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
