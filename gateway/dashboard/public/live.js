// Live figures of every prefecture, one small query per prefecture (the per-prefecture query
// pattern): a filter naming one prefecture is routed by the gateway to that prefecture's shard only,
// so each answer lands on its own and a slow or stopped shard holds back nobody else's figures.
// One province-wide query would wait for the slowest of the 16.
import { gql, graphql } from './api.js';

const PREFECTURE_LIVE = gql`
  query PrefectureLive($filter: ProjectFilter) {
    projectStats(filter: $filter) {
      total
      signed
      agreedInvestment
      fundsInPlace
    }
  }
`;

/** After this long without an answer a prefecture is marked slow (it keeps waiting for the answer). */
const SLOW_AFTER_MS = 1_000;

/**
 * Asks each of `codes` for its live figures under `filter` (a ProjectFilter without prefectures).
 * Calls onSlow(code) when one has not answered after SLOW_AFTER_MS, then onAnswer(code, stats) —
 * stats null when the prefecture is unavailable — or onError(code, error). `isCurrent()` false
 * drops answers of a view the reader has left. Resolves when every prefecture has answered.
 */
export function loadLive(codes, filter, { onAnswer, onSlow, onError, isCurrent }) {
  return Promise.all(
    codes.map(async (code) => {
      const slow = setTimeout(() => isCurrent() && onSlow(code), SLOW_AFTER_MS);
      try {
        const { data, unavailable } = await graphql(PREFECTURE_LIVE, { filter: { ...filter, prefectures: [code] } });
        if (isCurrent()) onAnswer(code, unavailable.has(code) ? null : data.projectStats, unavailable);
      } catch (error) {
        if (isCurrent()) onError(code, error);
      } finally {
        clearTimeout(slow);
      }
    }),
  );
}
