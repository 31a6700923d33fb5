import type { ProjectFacts } from '../../../lib/metrics-rules/project-facts.js';
import type { StallFlag, StallRule } from '../../../lib/metrics-rules/stall-flag.js';
import { evaluateStallRules } from '../../../lib/metrics-rules/stall-rules.js';
import { parseStallThresholds, type StallThresholdsInput } from '../../../lib/metrics-rules/stall-thresholds.js';

/** The flags of one rule for `facts` as of `asOf`: ['YELLOW since 2024-02-29'], or [] when none. */
export function summarizeFlags(
  rule: StallRule,
  facts: ProjectFacts,
  asOf: string,
  thresholds: StallThresholdsInput = {},
): string[] {
  return flagsOf(rule, facts, asOf, thresholds).map((flag) => `${flag.severity} since ${flag.since}`);
}

export function flagsOf(
  rule: StallRule,
  facts: ProjectFacts,
  asOf: string,
  thresholds: StallThresholdsInput = {},
): StallFlag[] {
  return evaluateStallRules(facts, asOf, parseStallThresholds(thresholds)).filter((flag) => flag.rule === rule);
}

/** Runs `summarize` for each as-of date: { date: summary }, to state edges as one table. */
export function acrossDates(dates: readonly string[], summarize: (asOf: string) => string[]): Record<string, string> {
  return Object.fromEntries(dates.map((date) => [date, summarize(date).join(', ') || 'none']));
}
