/**
 * Page weight and time to first chart of the dashboard of a running hub (e.g. `npm start`):
 *
 *   npx tsx test/e2e/measure-dashboard.ts http://127.0.0.1:4000 <viewer token> [loads=5]
 *
 * Each load is a fresh browser context (empty cache, like a first visit); prints every load and the
 * median of the loads after the first (the first also pays for the server's cold caches).
 */
import { launchChromium, measureFirstLoad, type FirstLoad } from './dashboard-browser.js';

const [origin = 'http://127.0.0.1:4000', token = process.env.HUB_TOKEN, count = '5'] = process.argv.slice(2);
if (!token) {
  console.error('usage: tsx test/e2e/measure-dashboard.ts <origin> <viewer token> [loads]  (npm run token -- viewer)');
  process.exit(2);
}

const browser = await launchChromium();
const loads: FirstLoad[] = [];
try {
  for (let i = 0; i < Number(count); i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const load = await measureFirstLoad(
      await context.newPage(),
      `${origin}/dashboard?token=${encodeURIComponent(token)}`,
    );
    await context.close();
    loads.push(load);
    console.log(`load ${i + 1}: ${JSON.stringify(load)}`);
  }
} finally {
  await browser.close();
}
const warm = loads.slice(1);
if (warm.length) {
  const median = (key: keyof FirstLoad) => warm.map((l) => l[key]).sort((a, b) => a - b)[Math.floor(warm.length / 2)];
  console.log(
    `median of loads 2–${loads.length}: first chart ${median('firstChartMs')} ms (animation done ${median('firstChartFinishedMs')} ms), both charts ${median('bothChartsMs')} ms, ` +
      `DOMContentLoaded ${median('domContentLoadedMs')} ms, page + assets ${median('pageAndAssetsBytes')} B (ECharts ${median('echartsBytes')} B), GraphQL ${median('graphqlBytes')} B`,
  );
}
