/** The compute rules' calendar is the hub's shared one (lib/dates.ts). */
export * from '../dates.js';
