// The map of the 16 prefectures as a tile grid (each tile placed by the prefecture's rough position,
// see dashboard.css): coloured by the chosen rate, its figures on hover and for screen readers, and
// each prefecture's live figures filled in as its own answer lands (live.js). A tile is a button:
// click, Enter or Space drills down.
import { el, fraction, fractionTitle, grouped, moneyProvince, percent } from './format.js';
import { t } from './i18n.js';

/** Upper bounds of the colour classes (percent); ColorBrewer "Blues", readable by colour-blind readers. */
const BINS = [20, 40, 60, 80, Infinity];
const binOf = (value) => (value == null ? 'none' : String(BINS.findIndex((upper) => value < upper)));

/**
 * Wires the grid to `container`; `onPick(code)` drills down. Returns functions to draw the stored
 * rates and to fill in each prefecture's live state.
 */
export function createPrefectureGrid(container, legend, { onPick }) {
  const tiles = new Map();
  /** code → { state, stats } of the live answer, kept to redraw it (e.g. in the other language). */
  const lives = new Map();
  function tileOf(code) {
    let tile = tiles.get(code);
    if (!tile) {
      tile = el('button', { type: 'button', className: 'tile', dataset: { code, live: 'loading' } });
      tile.addEventListener('click', () => onPick(code));
      tiles.set(code, tile);
    }
    return tile;
  }

  function draw({ rows, rateKey, selected }) {
    const isMoney = rateKey === 'fundsRate';
    container.replaceChildren(
      ...rows.map((row) => {
        const tile = tileOf(row.code);
        const rate = row.metrics?.[rateKey] ?? null;
        tile.dataset.bin = binOf(rate?.percent);
        tile.setAttribute('aria-pressed', String(row.code === selected));
        tile.title = `${row.fullName} · ${t(rateKey)} ${percent(rate)}${rate ? ` · ${fractionTitle(rate, isMoney)}` : ''}`;
        const liveLine = tile.querySelector('.tile-live') ?? el('span', { className: 'tile-live' });
        // The tile's accessible name is its visible text, with the rate's name for screen readers.
        tile.replaceChildren(
          el('span', { className: 'tile-name' }, row.name),
          el('span', { className: 'visually-hidden' }, t(rateKey)),
          el('span', { className: 'tile-value' }, percent(rate)),
          el('span', { className: 'tile-fraction' }, rate ? fraction(rate, isMoney) : ''),
          liveLine,
        );
        renderLive(row.code);
        return tile;
      }),
    );
    legend.replaceChildren(
      el('span', { className: 'legend-title' }, `${t('legend')} · ${t(rateKey)}`),
      ...BINS.map((upper, i) =>
        el(
          'span',
          { className: 'legend-item' },
          el('span', { className: 'swatch', dataset: { bin: String(i) }, 'aria-hidden': 'true' }),
          upper === Infinity ? `≥ ${BINS[i - 1]}%` : `${i === 0 ? 0 : BINS[i - 1]}–${upper}%`,
        ),
      ),
      el(
        'span',
        { className: 'legend-item' },
        el('span', { className: 'swatch', dataset: { bin: 'none' }, 'aria-hidden': 'true' }),
        t('noDataShort'),
      ),
    );
  }

  /** A prefecture's live state: 'loading', 'slow', 'unavailable', or its figures. */
  function setLive(code, state, stats = null) {
    lives.set(code, { state, stats });
    renderLive(code);
  }

  function renderLive(code) {
    const { state, stats } = lives.get(code) ?? { state: 'loading', stats: null };
    const tile = tileOf(code);
    tile.dataset.live = stats ? 'done' : state;
    const line = tile.querySelector('.tile-live') ?? tile.appendChild(el('span', { className: 'tile-live' }));
    line.textContent = stats
      ? t('liveSigned', { n: grouped(stats.signed), money: moneyProvince(stats.agreedInvestment) })
      : t({ loading: 'liveLoading', slow: 'liveSlow', unavailable: 'liveUnavailable' }[state]);
  }

  return { draw, setLive };
}
