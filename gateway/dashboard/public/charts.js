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

// Okabe–Ito: told apart with every common colour-vision deficiency; lines also differ by symbol and dash.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00'];
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'pin'];
const DASHES = ['solid', 'dashed', 'dotted', 'solid', 'dashed'];
const FONT =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", sans-serif';
const instances = new Map();
const resized = new ResizeObserver((entries) => entries.forEach((entry) => instances.get(entry.target)?.resize()));
let firstDrawn = false;

/** Marks a panel as drawn (navigation → panel on screen, read by the end-to-end test and the measure). */
export function markDrawn(id) {
  const drawn = `dashboard:drawn:${id}`;
  if (performance.getEntriesByName(drawn).length) return;
  performance.mark(drawn);
}

/** The chart of a container, created on first use (and after a language switch). */
async function chartOf(container) {
  const echarts = await echartsLoaded;
  let chart = instances.get(container);
  if (!chart) {
    chart = echarts.init(container, null, { renderer: 'canvas', locale: language() === 'en' ? 'EN' : 'ZH' });
    chart.on('rendered', () => {
      if (!chart.getOption()?.series?.length) return;
      markDrawn(container.id);
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

/** Drops one chart (its panel shows a message instead). */
export function clearChart(container) {
  instances.get(container)?.dispose();
  instances.delete(container);
}

const base = () => ({
  color: PALETTE,
  textStyle: { fontFamily: FONT },
  animationDuration: 400,
  aria: { enabled: true },
  legend: { top: 0 },
});

const PERCENT_AXIS = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };

/**
 * One rate of the 16 prefectures: rows [{ code, name, percent, fraction }] (percent null: no data),
 * the selected prefecture highlighted; a click on a bar or a name calls onPick(code).
 */
export async function drawPrefectures(container, { rows, rateLabel, selected, onPick }) {
  const chart = await chartOf(container);
  const noData = t('noDataShort');
  chart.setOption(
    {
      ...base(),
      legend: { show: false },
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        formatter: (items) => {
          const row = rows[items[0].dataIndex];
          return `${row.name}\n${rateLabel}: ${row.percent == null ? noData : `${row.percent.toFixed(1)}%`}\n${row.fraction}`;
        },
      },
      grid: { left: 8, right: 48, top: 8, bottom: 4, containLabel: true },
      xAxis: PERCENT_AXIS,
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.name),
        inverse: true,
        axisTick: { show: false },
        triggerEvent: true,
        axisLabel: {
          interval: 0,
          formatter: (name, index) => (rows[index]?.percent == null ? `${name} · ${noData}` : name),
        },
      },
      series: [
        {
          name: rateLabel,
          type: 'bar',
          barMaxWidth: 14,
          cursor: 'pointer',
          data: rows.map((r) => ({
            value: r.percent,
            itemStyle: {
              color: !selected || r.code === selected ? PALETTE[0] : '#9bb7d4',
              borderColor: r.code === selected ? '#1d2733' : undefined,
              borderWidth: r.code === selected ? 2 : 0,
            },
          })),
          label: {
            show: true,
            position: 'right',
            fontSize: 11,
            formatter: ({ value }) => (value == null ? '' : `${value.toFixed(1)}%`),
          },
        },
      ],
    },
    true,
  );
  chart.off('click');
  chart.on('click', (event) => {
    const index = event.componentType === 'yAxis' ? rows.findIndex((r) => r.name === event.value) : event.dataIndex;
    if (rows[index]) onPick(rows[index].code);
  });
}

/** The monthly trend of the five rates, as lines: points [{ month, <rate key>: percent }], at least two. */
export async function drawTrend(container, points, rates) {
  (await chartOf(container)).setOption(
    {
      ...base(),
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        valueFormatter: (v) => (v == null ? t('noDataShort') : `${v.toFixed(1)}%`),
      },
      grid: { left: 8, right: 16, top: 56, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.month), boundaryGap: false },
      yAxis: PERCENT_AXIS,
      series: rates.map((key, i) => ({
        name: t(key),
        type: 'line',
        data: points.map((p) => p[key]),
        symbol: SYMBOLS[i],
        symbolSize: 7,
        lineStyle: { type: DASHES[i], width: 2 },
        connectNulls: false,
      })),
    },
    true,
  );
}
