// Alerts panel: newest first, each with its kind, message, time and the reasons behind it
// (the numbers that tripped it, co-occurring hashtags, how many sample posts).
import { byId, el, formatNumber, timeOf } from '../dom.js';

function reasons(alert) {
  const parts = Object.entries(alert.numbers || {}).map(([key, value]) =>
    `${key.replaceAll('_', ' ')} ${typeof value === 'number' ? formatNumber(value, Number.isInteger(value) ? 0 : 2) : value}`);
  if (alert.cooccurring?.length) parts.push(`with ${alert.cooccurring.map((t) => `#${t}`).join(' ')}`);
  if (alert.samples?.length) parts.push(`${alert.samples.length} sample posts`);
  return parts.join(' · ');
}

export function createAlerts(store) {
  const list = byId('alerts');
  let shownKey = '';
  return {
    topics: ['alerts'],
    render() {
      const alerts = store.alerts;
      byId('alerts-empty').hidden = alerts.length > 0;
      const key = alerts.map((a) => a.id).join();
      if (key === shownKey) return;
      shownKey = key;
      list.replaceChildren(...alerts.map((alert) => {
        const kind = alert.kind === 'sentiment_shift' ? 'sentiment shift' : alert.kind || 'alert';
        const head = el('div', 'alert-kind', `${kind}${alert.tag ? ` · #${alert.tag}` : ''}${alert.time ? ` · ${timeOf(alert.time)}` : ''}`);
        return el('li', alert.kind || '', null, [head, el('div', '', alert.message), el('p', 'alert-reasons', reasons(alert))]);
      }));
    },
  };
}
