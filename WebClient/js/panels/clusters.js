// Cluster panel: k, silhouette, and one bar per cluster (share of posts) with its label and top terms.
import { byId, el, formatNumber } from '../dom.js';

export function createClusters(store) {
  const list = byId('clusters');
  const summary = byId('clusters-summary');
  return {
    topics: ['clusters'],
    render() {
      const data = store.clusters;
      const clusters = data?.clusters || [];
      byId('clusters-empty').hidden = clusters.length > 0;
      summary.hidden = clusters.length === 0;
      if (clusters.length === 0) { list.replaceChildren(); return; }
      const silhouette = typeof data.silhouette === 'number' ? data.silhouette.toFixed(3) : '–';
      summary.textContent = `k = ${data.k ?? clusters.length} · silhouette ${silhouette}`;
      const maxShare = Math.max(...clusters.map((c) => c.share || 0), 0.0001);
      const sorted = clusters.slice().sort((a, b) => (b.size || 0) - (a.size || 0));
      list.replaceChildren(...sorted.map((cluster) => {
        const fill = el('div', 'bar-fill');
        fill.style.width = `${(100 * (cluster.share || 0)) / maxShare}%`;
        const track = el('div', 'bar-track', null, [fill]);
        track.setAttribute('role', 'img');
        track.setAttribute('aria-label', `${((cluster.share || 0) * 100).toFixed(1)}% of posts`);
        const head = el('div', 'bar-head', null, [
          el('strong', '', `${cluster.id}: ${cluster.label || (cluster.top_terms || []).slice(0, 3).join(' ')}`),
          el('span', '', `${formatNumber(cluster.size, 0)} posts · ${((cluster.share || 0) * 100).toFixed(1)}%`),
        ]);
        const terms = el('div', 'chips', null, (cluster.top_terms || []).slice(0, 8).map((t) => el('span', 'chip', t)));
        return el('li', 'bar-row', null, [head, track, terms]);
      }));
    },
  };
}
