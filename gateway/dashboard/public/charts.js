// The two charts, drawn with Apache ECharts (the "common" build, a classic script loaded `async`
// as window.echarts, so that the page's queries go out while it downloads and compiles). Tooltips
// render on the canvas (richText): HTML tooltips would need inline styles, which the page's
// Content-Security-Policy forbids.
import { language, t } from './i18n.js';

const echartsLoaded = new Promise((resolve, reject) => {
  if (window.echarts) return resolve(window.echarts);
  const script = document.getElementById('echarts-script');
  script.addEventListener('load', () => resolve(window.echarts));
  script.addEventListener('error', () => reject(new Error('ECharts did not load')));
});

const COLORS = ['#1f5fa8', '#e08a1e', '#3a9a5b', '#8e5bb5'];
const FONT =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", sans-serif';
const instances = new Map();
const resized = new ResizeObserver((entries) => entries.forEach((entry) => instances.get(entry.target)?.resize()));
let firstDrawn = false;

/** The chart of a container, created on first use (and after a language switch). */
async function chartOf(container) {
  const echarts = await echartsLoaded;
  let chart = instances.get(container);
  if (!chart) {
    chart = echarts.init(container, null, { renderer: 'canvas', locale: language() === 'en' ? 'EN' : 'ZH' });
    // Navigation → charts on screen, for the README's numbers (read by the end-to-end test).
    const drawn = `dashboard:drawn:${container.id}`;
    chart.on('rendered', () => {
      if (!chart.getOption()?.series?.length || performance.getEntriesByName(drawn).length) return;
      performance.mark(drawn);
      if (firstDrawn) return;
      firstDrawn = true;
      performance.mark('dashboard:first-chart');
      chart.on(
        'finished',
        () =>
          performance.getEntriesByName('dashboard:first-chart-finished').length ||
          performance.mark('dashboard:first-chart-finished'),
      );
    });
    resized.observe(container);
    instances.set(container, chart);
  }
  return chart;
}

/** Drops every chart (the next draw creates them in the current language). */
export function resetCharts() {
  for (const chart of instances.values()) chart.dispose();
  instances.clear();
}

const base = () => ({
  color: COLORS,
  textStyle: { fontFamily: FONT },
  animationDuration: 400,
  aria: { enabled: true },
  tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v) => (v == null ? '—' : `${v}%`) },
  legend: { top: 0 },
});

const PERCENT_AXIS = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };

/** The prefectures' 履约率 and 开工率 side by side: rows [{ name, performance, start }] (percent or null). */
export async function drawPrefectures(container, rows) {
  const names = rows.map((r) => r.name);
  const series = (key, label) => ({
    name: t(label),
    type: 'bar',
    data: rows.map((r) => r[key]),
    barMaxWidth: 12,
    barGap: '10%',
    label: {
      show: true,
      position: 'right',
      fontSize: 10,
      formatter: ({ value }) => (value == null ? '' : value.toFixed(1)),
    },
  });
  (await chartOf(container)).setOption(
    {
      ...base(),
      grid: { left: 8, right: 36, top: 28, bottom: 4, containLabel: true },
      xAxis: PERCENT_AXIS,
      yAxis: { type: 'category', data: names, inverse: true, axisTick: { show: false }, axisLabel: { interval: 0 } },
      series: [series('performance', 'performanceRate'), series('start', 'startRate')],
    },
    true,
  );
}

/** The monthly trend of the four rates: points [{ month, performance, start, production, funds }]. */
export async function drawTrend(container, points) {
  const line = (key, label) => ({
    name: t(label),
    type: 'line',
    data: points.map((p) => p[key]),
    symbolSize: 6,
    connectNulls: false,
  });
  (await chartOf(container)).setOption(
    {
      ...base(),
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.month), boundaryGap: false },
      yAxis: PERCENT_AXIS,
      series: [
        line('performance', 'performanceRate'),
        line('start', 'startRate'),
        line('production', 'productionRate'),
        line('funds', 'fundsRate'),
      ],
    },
    true,
  );
}
