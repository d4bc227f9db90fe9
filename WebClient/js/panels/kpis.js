// KPI strip: posts per second, total posts, mean sentiment and connected subscribers.
import { byId, compact, formatNumber, labelOf, signed } from '../dom.js';

export function createKpis(store) {
  const rate = byId('kpi-rate');
  const total = byId('kpi-total');
  const sentiment = byId('kpi-sentiment');
  const subscribers = byId('kpi-subscribers');
  return {
    topics: ['stats', 'sentiment'],
    render() {
      const stats = store.stats;
      rate.textContent = stats ? formatNumber(stats.posts_per_second, 1) : '–';
      total.textContent = stats ? compact(stats.total) : '–';
      total.title = stats ? formatNumber(stats.total) : '';
      // Deltas of a cluster carry no subscriber count (it is per node): keep the snapshot's.
      if (stats && stats.subscribers !== undefined) subscribers.textContent = formatNumber(stats.subscribers);
      else if (!stats) subscribers.textContent = '–';
      const mean = store.meanCompound;
      sentiment.textContent = mean === null ? '–' : signed(mean);
      sentiment.className = `kpi-value ${mean === null ? '' : labelOf(mean).slice(0, 3)}`;
    },
  };
}
