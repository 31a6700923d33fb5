import { z } from 'zod';

/** What the settings reference says about one environment variable, read off its zod schema. */
export interface SettingInfo {
  readonly name: string;
  /** The default as an operator would type it; null when the setting has none. */
  readonly defaultValue: string | null;
  /** True when the process refuses to start without it (no default, not optional). */
  readonly required: boolean;
  /** The accepted values, in words ("integer 0–65535", "`auto` or `off`"). */
  readonly accepts: string;
  /** From `.describe()`; null when the schema gives none. */
  readonly description: string | null;
}

/** One entry per key of an object schema, in the schema's order. */
export function settingsOf(schema: z.ZodObject<z.ZodRawShape>): SettingInfo[] {
  return Object.entries(schema.shape).map(([name, setting]) => settingInfo(name, setting));
}

export function settingInfo(name: string, schema: z.ZodTypeAny): SettingInfo {
  let description: string | null = null;
  let defaultValue: string | null = null;
  let optional = false;
  let current: z.ZodTypeAny = schema;
  // Walk the wrappers (default, optional, transforms, refinements, pipes) down to the base type,
  // keeping the outermost description and the default. Zod 3 types a wrapper's inner schema as
  // `any`, hence the assertions back to a schema.
  for (;;) {
    description ??= current.description ?? null;
    if (current instanceof z.ZodDefault) {
      defaultValue ??= formatDefault(current._def.defaultValue());
      current = current.removeDefault() as z.ZodTypeAny;
    } else if (current instanceof z.ZodOptional) {
      optional = true;
      current = current.unwrap() as z.ZodTypeAny;
    } else if (current instanceof z.ZodEffects) {
      current = current.innerType() as z.ZodTypeAny;
    } else if (current instanceof z.ZodPipeline) {
      current = current._def.in as z.ZodTypeAny;
    } else {
      break;
    }
  }
  return { name, defaultValue, required: defaultValue === null && !optional, accepts: accepted(current), description };
}

function formatDefault(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The base type in words, for the reference's "accepts" column. */
function accepted(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodEnum) {
    const values = schema.options as readonly string[];
    return values.map((value) => `\`${value}\``).join(' or ');
  }
  if (schema instanceof z.ZodLiteral) return `\`${String(schema.value)}\``;
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodTypeAny[];
    return options.map((option) => settingInfo('', option).accepts).join(' or ');
  }
  if (schema instanceof z.ZodNumber) return numberRange(schema);
  if (schema instanceof z.ZodString) return stringKind(schema);
  if (schema instanceof z.ZodBoolean) return '`true` or `false`';
  throw new TypeError(`settings reference: no wording for zod type ${schema.constructor.name}`);
}

function numberRange(schema: z.ZodNumber): string {
  const kind = schema.isInt ? 'integer' : 'number';
  const { minValue: min, maxValue: max } = schema;
  if (min !== null && max !== null) return `${kind} ${min}–${max}`;
  if (min !== null) return `${kind} ≥ ${min}`;
  if (max !== null) return `${kind} ≤ ${max}`;
  return kind;
}

function stringKind(schema: z.ZodString): string {
  if (schema.isURL) return 'URL';
  const parts = ['text'];
  for (const check of schema._def.checks) {
    if (check.kind === 'regex') parts.push(`matching \`${check.regex.source}\``);
    if (check.kind === 'includes') parts.push(`containing \`${check.value}\``);
    if (check.kind === 'min' && check.value > 1) parts.push(`≥ ${check.value} characters`);
  }
  return parts.join(', ');
}
