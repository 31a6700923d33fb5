// The view the reader chose — filter bar, drill-down, chosen rate, project list, open project — kept
// in the address, so any view can be linked and the browser's Back button returns to the one before.

export const RATES = ['performanceRate', 'startRate', 'productionRate', 'fundsRate', 'landingRate'];
export const LEVELS = ['PROVINCIAL_MAJOR_EVENT', 'PROVINCIAL_MAJOR_PROJECT', 'PREFECTURE'];
export const EVENTS = ['SOUTH_ASIA_EXPO', 'INVESTMENT_FAIR', 'LEADER_DELEGATION', 'OTHER'];
export const STAGES = [
  'NEGOTIATING',
  'SIGNED',
  'PREPARING',
  'UNDER_CONSTRUCTION',
  'PARTIALLY_PRODUCING',
  'OPERATING',
  'AT_CAPACITY',
  'TERMINATED',
];
export const ORDERS = ['SIGNED_ON_DESC', 'SIGNED_ON_ASC', 'UPDATED_AT_DESC', 'AGREED_INVESTMENT_DESC', 'ID_ASC'];

const DEFAULTS = { rate: 'performanceRate', order: 'SIGNED_ON_DESC' };

/** Each key of the address and what a value must look like; anything else in the address is ignored. */
const VALID = {
  asOf: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  year: (v) => /^(19|20)\d{2}$/.test(v),
  level: (v) => LEVELS.includes(v),
  event: (v) => EVENTS.includes(v),
  prefecture: (v) => /^53\d{2}00$/.test(v) && v !== '530000',
  industry: (v) => v.length > 0 && v.length <= 100,
  rate: (v) => RATES.includes(v),
  q: (v) => v.length > 0 && v.length <= 100,
  stage: (v) => STAGES.includes(v),
  county: (v) => v.length > 0 && v.length <= 100,
  order: (v) => ORDERS.includes(v),
  project: (v) => /^53\d{4}-[\w-]{1,40}$/.test(v),
};
const KEYS = Object.keys(VALID);

/** The state in the address: every key, null when absent or malformed (defaults for rate and order). */
export function readState(search = location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of KEYS) {
    const value = params.get(key)?.trim() ?? '';
    state[key] = value && VALID[key](value) ? value : (DEFAULTS[key] ?? null);
  }
  return state;
}

function urlOf(state) {
  const url = new URL(location.href);
  for (const key of KEYS) {
    const value = state[key];
    if (value == null || value === '' || value === DEFAULTS[key]) url.searchParams.delete(key);
    else url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * Moves to a new view: `changes` laid over the current state, pushed as a history entry (Back
 * returns to the previous view), or replacing the current one when `replace` is set.
 */
export function navigate(changes, { replace = false } = {}) {
  const next = { ...readState(), ...changes };
  const url = urlOf(next);
  if (url.href === location.href) return false;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('dashboard:state'));
  return true;
}

/** Calls `listener(state)` on every change of view: ours (navigate) and the browser's (Back, Forward). */
export function onStateChange(listener) {
  const call = () => listener(readState());
  window.addEventListener('popstate', call);
  window.addEventListener('dashboard:state', call);
}

/** The cohort of the filter bar, as the API's CohortInput. */
export function cohortOf(state) {
  const cohort = {};
  if (state.year) cohort.year = Number(state.year);
  if (state.level) cohort.signingLevel = state.level;
  if (state.event) cohort.eventKind = state.event;
  return cohort;
}

/**
 * The projects the filter bar selects, as the API's ProjectFilter (the project list adds its own
 * search, stage and county). Also what an Excel export of the view would send.
 */
export function projectFilterOf(state, { withList = false } = {}) {
  const filter = {};
  if (state.prefecture) filter.prefectures = [state.prefecture];
  if (state.year) filter.cohortYears = [Number(state.year)];
  if (state.level) filter.signingLevels = [state.level];
  if (state.event) filter.eventKinds = [state.event];
  if (state.industry) filter.industries = [state.industry];
  if (withList) {
    if (state.q) filter.text = state.q;
    if (state.stage) filter.stages = [state.stage];
    if (state.county) filter.counties = [state.county];
  }
  return filter;
}

/** Which keys changed between two states. */
export const changedKeys = (before, after) => KEYS.filter((key) => before?.[key] !== after[key]);
