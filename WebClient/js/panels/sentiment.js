// Sentiment panel: a gauge of the mean compound score, the label counts, a stacked
// positive/neutral/negative timeline of the last five minutes with the mean compound per second
// as a line, and the mean sentiment per hashtag when the hub sends it.
import { byId, el, formatNumber, labelOf, signed, timeOf } from '../dom.js';
import { colors, prepare, sentimentColor } from '../canvas.js';
import { axes, extent, line, scale, stackedArea } from '../charts.js';

const WINDOW_SECONDS = 300;

function drawGauge(canvas, mean) {
  const view = prepare(canvas);
  if (!view) return;
  const { ctx, width, height } = view;
  const c = colors();
  const r = Math.min(width / 2, height - 24) - 8;
  const cx = width / 2;
  const cy = height - 24;
  const arc = (from, to, color) => {
    ctx.strokeStyle = color; ctx.lineWidth = 14; ctx.beginPath();
    ctx.arc(cx, cy, r, Math.PI + from * Math.PI, Math.PI + to * Math.PI); ctx.stroke();
  };
  arc(0, 0.475, c.neg); arc(0.475, 0.525, c.neu); arc(0.525, 1, c.pos);
  if (mean === null) return;
  const angle = Math.PI + ((mean + 1) / 2) * Math.PI;
  ctx.strokeStyle = c.text; ctx.lineWidth = 3; ctx.beginPath();
  ctx.moveTo(cx, cy); ctx.lineTo(cx + Math.cos(angle) * (r - 4), cy + Math.sin(angle) * (r - 4)); ctx.stroke();
  ctx.beginPath(); ctx.fillStyle = c.text; ctx.arc(cx, cy, 4, 0, Math.PI * 2); ctx.fill();
  ctx.fillStyle = sentimentColor(mean);
  ctx.font = `600 16px ${c.font}`; ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  ctx.fillText(signed(mean, 2), cx, cy + 6);
}

function drawTimeline(canvas, store) {
  const view = prepare(canvas);
  if (!view) return;
  const c = colors();
  const now = Math.floor(store.time || Date.now() / 1000) - 1; // the current second is still filling
  // Label split per second is known since the page connected (growth of the label counts); the
  // hub's per-second series gives the total and the mean compound for the whole window.
  const active = store.perSecond.points.find((p) => p[1] > 0 && p[0] >= now - WINDOW_SECONDS);
  const first = Math.min(store.labelSeries.points[0]?.[0] ?? now, active?.[0] ?? now);
  const from = Math.min(now - 30, Math.max(now - WINDOW_SECONDS, first));
  const rows = store.labelSeries.points.filter((p) => p[0] >= from && p[0] <= now);
  const seconds = store.perSecond.points.filter((p) => p[0] >= from && p[0] <= now);
  const totals = seconds.map((p) => [p[0], p[1]]);
  const means = seconds.filter((p) => p[1] > 0).map((p) => [p[0], p[2]]);
  const [, hi] = extent([1, ...rows.map((r) => r[1] + r[2] + r[3]), ...totals.map((t) => t[1])]);
  const box = axes(view, [0, hi], [[0, timeOf(from)], [1, timeOf(now)]]);
  const { ctx } = view;
  const sx = scale(from, now, box.x, box.x + box.w);
  stackedArea(ctx, rows, sx, box.yScale, [c.pos, c.neu, c.neg]);
  ctx.setLineDash([4, 3]);
  line(ctx, totals, sx, box.yScale, c.muted, 1);
  ctx.setLineDash([]);
  line(ctx, means, sx, scale(-1, 1, box.y + box.h, box.y), c.text, 1.5);
}

export function createSentiment(store) {
  const gauge = byId('sentiment-gauge');
  const timeline = byId('sentiment-timeline');
  const counts = byId('sentiment-counts');
  const hashtags = byId('sentiment-hashtags');
  return {
    topics: ['sentiment', 'resize'],
    render() {
      drawGauge(gauge, store.meanCompound);
      gauge.setAttribute('aria-label', `Mean sentiment ${store.meanCompound === null ? 'unknown' : signed(store.meanCompound)}`);
      drawTimeline(timeline, store);
      const n = store.counts || { positive: 0, neutral: 0, negative: 0 };
      const sum = n.positive + n.neutral + n.negative || 1;
      counts.replaceChildren(...['positive', 'neutral', 'negative'].map((label) =>
        el('li', label, `${label} ${formatNumber(n[label])} (${((100 * n[label]) / sum).toFixed(0)}%)`)));
      hashtags.replaceChildren(...store.byHashtag.slice(0, 12).map((h) =>
        el('span', `chip ${labelOf(h.mean)}`, `#${h.tag} ${signed(h.mean, 2)}`)));
    },
  };
}
