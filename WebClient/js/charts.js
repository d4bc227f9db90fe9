// Small canvas chart primitives used by the panels and the model report: axes, lines, stacked
// areas, scatter plots, bars and sparklines. Each takes a prepared { ctx, width, height }.
import { colors } from './canvas.js';

const PAD = { left: 40, right: 10, top: 10, bottom: 22 };

/** Linear scale from [d0, d1] to [r0, r1]. */
export function scale(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

export function extent(values, padFraction = 0) {
  let lo = Infinity; let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * padFraction;
  return [lo - pad, hi + pad];
}

function tickLabel(v) {
  const a = Math.abs(v);
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  return v.toFixed(a < 1 ? 2 : 1);
}

/** Draws y grid lines with labels and x labels; returns the plot box. */
export function axes(view, [y0, y1], xLabels = []) {
  const { ctx, width, height } = view;
  const c = colors();
  const box = { x: PAD.left, y: PAD.top, w: width - PAD.left - PAD.right, h: height - PAD.top - PAD.bottom };
  const y = scale(y0, y1, box.y + box.h, box.y);
  ctx.font = `11px ${c.font}`;
  ctx.fillStyle = c.text;
  ctx.strokeStyle = c.grid;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 4; i += 1) {
    const v = y0 + ((y1 - y0) * i) / 4;
    const py = Math.round(y(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(box.x, py); ctx.lineTo(box.x + box.w, py); ctx.stroke();
    ctx.fillText(tickLabel(v), box.x - 4, py);
  }
  ctx.textBaseline = 'top';
  for (const [fraction, text] of xLabels) {
    ctx.textAlign = fraction <= 0 ? 'left' : fraction >= 1 ? 'right' : 'center';
    ctx.fillText(text, box.x + box.w * fraction, box.y + box.h + 5);
  }
  return { ...box, yScale: y };
}

/** A polyline through [x, y] data points mapped by sx/sy. */
export function line(ctx, points, sx, sy, color, width = 1.5) {
  if (points.length === 0) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(sx(x), sy(y)) : ctx.lineTo(sx(x), sy(y))));
  ctx.stroke();
}

/** Stacked areas: `rows` are [x, v1, v2, ...]; `fills` one colour per value column. */
export function stackedArea(ctx, rows, sx, sy, fills) {
  const base = rows.map(() => 0);
  fills.forEach((fill, k) => {
    const tops = rows.map((row, i) => base[i] + (row[k + 1] || 0));
    ctx.beginPath();
    rows.forEach((row, i) => (i === 0 ? ctx.moveTo(sx(row[0]), sy(tops[i])) : ctx.lineTo(sx(row[0]), sy(tops[i]))));
    for (let i = rows.length - 1; i >= 0; i -= 1) ctx.lineTo(sx(rows[i][0]), sy(base[i]));
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.globalAlpha = 0.75;
    ctx.fill();
    ctx.globalAlpha = 1;
    tops.forEach((t, i) => { base[i] = t; });
  });
}

/** Dots at [x, y]; returns the scales used. Draws the y = x diagonal when `diagonal`. */
export function scatter(view, points, { diagonal = false, zeroLine = false, color } = {}) {
  const c = colors();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  let [x0, x1] = extent(xs, 0.05);
  let [y0, y1] = extent(ys, 0.05);
  if (diagonal) { x0 = y0 = Math.min(x0, y0); x1 = y1 = Math.max(x1, y1); }
  if (zeroLine) { y0 = Math.min(y0, 0); y1 = Math.max(y1, 0); }
  const box = axes(view, [y0, y1], [[0, tickLabel(x0)], [1, tickLabel(x1)]]);
  const sx = scale(x0, x1, box.x, box.x + box.w);
  const { ctx } = view;
  if (diagonal) line(ctx, [[x0, x0], [x1, x1]], sx, box.yScale, c.muted, 1);
  if (zeroLine) line(ctx, [[x0, 0], [x1, 0]], sx, box.yScale, c.muted, 1);
  ctx.fillStyle = color || c.accent;
  ctx.globalAlpha = points.length > 200 ? 0.5 : 0.8;
  for (const [x, y] of points) {
    ctx.beginPath(); ctx.arc(sx(x), box.yScale(y), 2.5, 0, Math.PI * 2); ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/** Vertical bars with labels under them. */
export function bars(view, values, labels, color) {
  const c = colors();
  const [, hi] = extent([0, ...values]);
  const box = axes(view, [0, hi]);
  const { ctx } = view;
  const step = box.w / Math.max(1, values.length);
  ctx.fillStyle = color || c.accent;
  values.forEach((v, i) => {
    const top = box.yScale(v);
    ctx.fillRect(box.x + i * step + step * 0.15, top, step * 0.7, box.y + box.h - top);
  });
  ctx.fillStyle = c.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  labels.forEach((text, i) => ctx.fillText(text, box.x + i * step + step / 2, box.y + box.h + 5));
}

/** A sparkline over the whole canvas; the last point is marked. */
export function sparkline(view, values, color) {
  const { ctx, width, height } = view;
  if (values.length < 2) return;
  const [lo, hi] = extent(values);
  const sx = scale(0, values.length - 1, 1, width - 3);
  const sy = scale(lo, hi, height - 2, 2);
  line(ctx, values.map((v, i) => [i, v]), sx, sy, color, 1.5);
  ctx.fillStyle = color;
  ctx.beginPath(); ctx.arc(sx(values.length - 1), sy(values[values.length - 1]), 2, 0, Math.PI * 2); ctx.fill();
}
