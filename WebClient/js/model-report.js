// Renders a trained model's report (protocol `engagement.model`, also the Lab job's `report`):
// test metrics, predicted-vs-actual scatter, residuals, CV fold errors, grid-search results and
// feature importances. Plots are canvases redrawn by `draw()` (after resize or theme change).
import { el, formatNumber } from './dom.js';
import { colors, prepare } from './canvas.js';
import { bars, scatter } from './charts.js';

function metric(name, value, digits = 3) {
  return el('div', '', null, [el('dt', '', name), el('dd', '', typeof value === 'number' ? formatNumber(value, digits) : value ?? '–')]);
}

function plot(title, label) {
  const canvas = el('canvas', 'plot');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return { figure: el('figure', 'plot-figure', null, [el('h3', '', title), canvas]), canvas };
}

function paramsText(params) {
  return Object.entries(params || {}).map(([k, v]) => `${k}=${v}`).join(', ') || '(defaults)';
}

/**
 * Fills `container` with the report; returns { draw } to repaint its canvases. `livePairs`, when
 * given, returns the live [predicted, actual] pairs to plot instead of the report's own.
 */
export function renderReport(container, report, livePairs = null) {
  const finite = (list) => (list || []).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  let pairs = finite(livePairs ? livePairs() : report.predicted_vs_actual);
  const metrics = el('dl', 'metrics', null, [
    metric('model', `v${report.version ?? '?'} → ${report.target ?? '?'}`),
    metric('test MSE', report.test?.mse), metric('MAE', report.test?.mae), metric('R²', report.test?.r2),
    metric('CV mean MSE', report.cv?.mean_mse), metric('best', paramsText(report.best_params)),
  ]);
  const fit = plot('Predicted vs actual', `Predicted against actual ${report.target || ''} (${livePairs ? 'recent live posts' : 'test rows'})`);
  const residual = plot('Residuals', 'Residual (actual − predicted) against predicted');
  const folds = plot('CV folds (MSE)', `Mean squared error of ${(report.cv?.folds || []).length} folds`);
  const importances = (report.feature_importances || []).slice().sort((a, b) => b.importance - a.importance);
  const importance = el('ul', 'bar-list', null, importances.map((f) => {
    const fill = el('div', 'bar-fill');
    fill.style.width = `${Math.max(0, Math.min(1, f.importance / (importances[0]?.importance || 1))) * 100}%`;
    return el('li', 'bar-row', null, [
      el('div', 'bar-head', null, [el('span', '', f.feature), el('span', '', formatNumber(f.importance, 3))]),
      el('div', 'bar-track', null, [fill]),
    ]);
  }));
  const bestMse = Math.min(...(report.grid || []).map((g) => g.mean_mse));
  const rows = (report.grid || []).slice().sort((a, b) => a.mean_mse - b.mean_mse).slice(0, 12).map((g) =>
    el('tr', g.mean_mse === bestMse ? 'best' : '', null, [el('td', '', paramsText(g.params)), el('td', '', formatNumber(g.mean_mse, 3))]));
  const table = el('table', 'grid-table', null, [
    el('thead', '', null, [el('tr', '', null, [el('th', '', 'parameters'), el('th', '', 'mean MSE')])]),
    el('tbody', '', null, rows),
  ]);
  container.replaceChildren(el('div', 'report', null, [
    metrics, fit.figure, residual.figure, folds.figure,
    el('div', '', null, [el('h3', '', 'Feature importances'), importance]),
    el('div', '', null, [el('h3', '', 'Grid search'), table]),
  ]));

  function draw() {
    if (livePairs) pairs = finite(livePairs());
    const c = colors();
    let view = prepare(fit.canvas);
    if (view && pairs.length) scatter(view, pairs, { diagonal: true });
    view = prepare(residual.canvas);
    if (view && pairs.length) scatter(view, pairs.map(([p, a]) => [p, a - p]), { zeroLine: true, color: c.warn });
    view = prepare(folds.canvas);
    const foldValues = report.cv?.folds || [];
    if (view && foldValues.length) bars(view, foldValues, foldValues.map((_, i) => `${i + 1}`), c.accent);
  }
  draw();
  return { draw };
}
