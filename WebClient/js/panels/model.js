// Engagement-model panel: the live model's report (model-report.js) plus how it does on the live
// stream (rolling error over recent posts whose actual engagement is known).
import { byId, formatNumber } from '../dom.js';
import { renderReport } from '../model-report.js';

export function createModel(store) {
  const container = byId('model-report');
  const live = byId('model-live');
  let shown = null; // the model object currently rendered
  let report = null;
  return {
    topics: ['engagement', 'resize'],
    render() {
      const engagement = store.engagement;
      const model = engagement?.model || null;
      byId('model-empty').hidden = model !== null;
      container.hidden = model === null;
      if (model !== shown) {
        shown = model;
        const live = () => (store.engagement?.recent || []).map((pair) => [pair.predicted, pair.actual]);
        report = model ? renderReport(container, model, live) : null;
        if (!model) container.replaceChildren();
      } else if (report) {
        report.draw();
      }
      const rolling = engagement?.rolling;
      const predictions = engagement?.predictions;
      live.hidden = !rolling && !predictions;
      live.textContent = [
        predictions ? `${formatNumber(predictions.count)} live predictions` : null,
        rolling ? `rolling MAE ${formatNumber(rolling.mae, 2)} · MSE ${formatNumber(rolling.mse, 2)} over ${formatNumber(rolling.n)} posts` : null,
      ].filter(Boolean).join(' · ');
    },
  };
}
