/** Pure metric and stall computations: no I/O, no clock. The as-of date is always a parameter. */
export * from './project-facts.js';
export * from './stage-sets.js';
export * from './landing-definition.js';
export * from './metric-counts.js';
export * from './metric-counts-json.js';
export * from './metric-rates.js';
export * from './metric-dimensions.js';
export * from './stall-flag.js';
export * from './stall-thresholds.js';
export * from './report-cycle.js';
export * from './stall-rules.js';
export * from './stall-flag-diff.js';
