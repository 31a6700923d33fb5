import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROCESS_SETTINGS } from '../../scripts/settings-doc/processes.js';
import { renderSettingsDoc } from '../../scripts/settings-doc/render.js';
import { settingInfo, settingsOf } from '../../scripts/settings-doc/setting-info.js';

const DOC = new URL('../../docs/settings.md', import.meta.url);

describe('docs/settings.md', () => {
  it('matches the zod schemas of every process', () => {
    const written = readFileSync(DOC, 'utf8');
    // A plain equality check would print two 200-line strings; name the cure instead.
    if (written !== renderSettingsDoc()) {
      expect.fail('docs/settings.md is out of date with the config schemas: run `npm run docs:settings` and commit it');
    }
  });

  it('describes every setting of every process', () => {
    const undescribed = PROCESS_SETTINGS.flatMap((process) =>
      settingsOf(process.schema)
        .filter((s) => !s.description)
        .map((s) => `${process.source}: ${s.name}`),
    );
    expect(undescribed, 'add .describe(…) to these settings').toEqual([]);
  });

  it('lists every setting of every schema, in a table of its process', () => {
    const doc = renderSettingsDoc();
    for (const process of PROCESS_SETTINGS) {
      const section = doc.split(`## ${process.title}\n`)[1]?.split('\n## ')[0] ?? '';
      for (const name of Object.keys(process.schema.shape)) expect(section).toContain(`| \`${name}\` |`);
    }
  });
});

describe('reading a setting off its zod schema', () => {
  it('finds default, description and accepted values through transforms and refinements', () => {
    const schema = z
      .string()
      .default('a,b')
      .transform((v) => v.split(','))
      .refine((v) => v.length > 0)
      .describe('Letters.');
    expect(settingInfo('LETTERS', schema)).toEqual({
      name: 'LETTERS',
      defaultValue: 'a,b',
      required: false,
      accepts: 'text',
      description: 'Letters.',
    });
  });

  it('tells required settings from optional ones', () => {
    const settings = settingsOf(
      z.object({
        URL: z.string().url(),
        SECRET: z.string().min(32).optional(),
        MODE: z.enum(['on', 'off']).default('on'),
        PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default('off'),
      }),
    );
    expect(settings.map((s) => [s.name, s.required, s.defaultValue, s.accepts])).toEqual([
      ['URL', true, null, 'URL'],
      ['SECRET', false, null, 'text, ≥ 32 characters'],
      ['MODE', false, 'on', '`on` or `off`'],
      ['PORT', false, 'off', '`off` or integer 0–65535'],
    ]);
  });

  it('refuses a zod type it cannot put in words rather than guess', () => {
    expect(() => settingInfo('LIST', z.array(z.string()))).toThrow(/no wording for zod type ZodArray/);
  });
});
