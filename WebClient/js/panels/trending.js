// Trending panel: hashtags ranked by velocity (or count until the hub sends velocity), each with
// its decayed count, its sentiment colour and a sparkline of the values seen in recent updates.
// Clicking a tag filters the live feed by it.
import { byId, el, compact, formatNumber, labelOf } from '../dom.js';
import { colors, prepare, sentimentColor } from '../canvas.js';
import { sparkline } from '../charts.js';

const SHOWN = 15;

export function createTrending(store, { onPickTag }) {
  const list = byId('trending');
  const rows = []; // reused <li> rows: { item, rank, button, count, velocity, canvas }

  function row(i) {
    if (rows[i]) return rows[i];
    const button = el('button', 'tag-button');
    button.type = 'button';
    button.addEventListener('click', () => onPickTag(button.dataset.tag));
    const canvas = el('canvas', 'spark');
    canvas.setAttribute('aria-hidden', 'true');
    const entry = { item: el('li'), rank: el('span', 'rank', `${i + 1}`), button, velocity: el('span', 'velocity'), canvas };
    entry.item.append(entry.rank, button, entry.velocity, canvas);
    rows[i] = entry;
    return entry;
  }

  return {
    topics: ['trending', 'resize'],
    render() {
      const tags = store.tags.slice(0, SHOWN);
      byId('trending-empty').hidden = tags.length > 0;
      const c = colors();
      const items = tags.map((tag, i) => {
        const r = row(i);
        r.button.dataset.tag = tag.tag;
        r.button.textContent = `#${tag.tag}`;
        const hasVelocity = typeof tag.velocity === 'number';
        r.button.title = `count ${formatNumber(tag.count, 1)}${hasVelocity ? `, rate ${formatNumber(tag.rate, 2)}/s` : ''}`;
        r.velocity.textContent = hasVelocity ? `${tag.velocity >= 0 ? '▲' : '▼'} ${tag.velocity.toFixed(2)}` : compact(tag.count);
        r.velocity.className = `velocity ${typeof tag.sentiment === 'number' ? labelOf(tag.sentiment) : ''}`;
        r.item.setAttribute('aria-label', `${i + 1}. #${tag.tag}, ${hasVelocity ? `velocity ${tag.velocity.toFixed(2)}` : `count ${tag.count}`}`);
        return r;
      });
      // Rows keep their positions (row i is always child i) so a focused tag button keeps focus.
      while (list.children.length > items.length) list.lastElementChild.remove();
      for (let i = list.children.length; i < items.length; i += 1) list.append(items[i].item);
      items.forEach((r, i) => {
        const view = prepare(r.canvas);
        const spark = store.sparks.get(tags[i].tag);
        if (view && spark) {
          const color = typeof tags[i].sentiment === 'number' ? sentimentColor(tags[i].sentiment) : c.accent;
          sparkline(view, spark.ring.toArray(), color);
        }
      });
    },
  };
}
