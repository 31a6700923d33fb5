import labels from './enum-labels.json' with { type: 'json' };

/**
 * The Chinese and English labels of every enumeration value a person sees, in ONE table:
 * `enum-labels.json`, keyed by enumeration (the contract's GraphQL enum, or StallRule, StallSeverity
 * and LandingDefinition, which the API sends as strings), then by value, `[中文, English]`.
 *
 * Everything that shows a value reads it: the dashboard (the gateway serves the same file at
 * `/dashboard/enum-labels.json`, which `public/i18n.js` loads), the ledger template's drop-downs and
 * notes, the file reader (a Chinese label in an uploaded sheet reads back as its value) and the
 * exports, so an exported sheet and the page name a value the same way. JSON rather than a module
 * so that the browser reads this very file with no build step and TypeScript types it as it is.
 * Its shape (every value of each enumeration once, no label twice) is checked by
 * test/ledger/enum-labels.test.ts.
 */
export type LabelledEnum = keyof typeof labels;

/** `[中文, English]`. */
export type LabelPair = readonly [zh: string, en: string];

// JSON arrays type as string[]; the test above checks each is a pair.
export const ENUM_LABELS = labels as unknown as {
  readonly [E in LabelledEnum]: { readonly [V in keyof (typeof labels)[E]]: LabelPair };
};

/** The pairs of one enumeration, in the table's order: `[value, [中文, English]]`. */
export function labelledValues(enumName: LabelledEnum): readonly (readonly [string, LabelPair])[] {
  return Object.entries(ENUM_LABELS[enumName] as Readonly<Record<string, LabelPair>>);
}

/** The Chinese label of `value`; the value itself when the table has none. */
export function zhLabel(enumName: LabelledEnum, value: string): string {
  const pairs = ENUM_LABELS[enumName] as Readonly<Record<string, LabelPair>>;
  return Object.hasOwn(pairs, value) ? pairs[value][0] : value;
}
