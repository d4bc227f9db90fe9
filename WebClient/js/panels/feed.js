// Live post feed: the newest posts first, coloured by sentiment label, filtered client-side by
// hashtag and keyword (case-insensitive). New posts are prepended incrementally; the list keeps at
// most SHOWN items, and the store's ring bounds what can be shown at all.
import { byId, el, formatNumber, signed, timeOf } from '../dom.js';

const SHOWN = 100;

function matches(post, tag, keyword) {
  if (tag && !(post.hashtags || []).includes(tag)) return false;
  if (keyword && !String(post.text).toLowerCase().includes(keyword)) return false;
  return true;
}

function postItem(post) {
  const label = post.sentiment?.label || 'neutral';
  const meta = [
    el('span', `post-label ${label}`, `${label} ${signed(post.sentiment?.compound ?? 0, 2)}`),
    el('span', '', post.author ? `@${post.author}` : 'anonymous'),
  ];
  if (post.platform) meta.push(el('span', '', post.platform));
  if (post.ingested_at) meta.push(el('time', '', timeOf(post.ingested_at)));
  if (post.hashtags?.length) meta.push(el('span', '', post.hashtags.map((t) => `#${t}`).join(' ')));
  if (typeof post.predicted_engagement === 'number') meta.push(el('span', '', `predicted ${formatNumber(post.predicted_engagement, 1)}`));
  const item = el('li', label, null, [el('p', 'post-text', post.text), el('div', 'post-meta', null, meta)]);
  item.dataset.seq = post.seq ?? '';
  return item;
}

export function createFeed(store) {
  const list = byId('feed');
  const tagInput = byId('feed-hashtag');
  const keywordInput = byId('feed-keyword');
  const tagOptions = byId('feed-tags');
  let generation = -1;
  let lastPost = null; // newest post already considered
  let filterKey = '';

  const filter = () => ({
    tag: tagInput.value.trim().replace(/^#/, '').toLowerCase(),
    keyword: keywordInput.value.trim().toLowerCase(),
  });

  const panel = {
    topics: ['posts', 'trending', 'filter'],
    setTag(tag) { tagInput.value = tag; panel.render(); },
    render() {
      const { tag, keyword } = filter();
      const key = `${tag}\u0000${keyword}`;
      const posts = store.posts.toArray();
      const fresh = [];
      if (generation !== store.generation || key !== filterKey) {
        list.replaceChildren();
        generation = store.generation;
        filterKey = key;
        fresh.push(...posts);
      } else {
        const start = lastPost ? posts.lastIndexOf(lastPost) + 1 : 0;
        fresh.push(...posts.slice(start));
      }
      lastPost = posts[posts.length - 1] || null;
      const items = fresh.filter((p) => matches(p, tag, keyword)).slice(-SHOWN).reverse().map(postItem);
      list.prepend(...items);
      while (list.children.length > SHOWN) list.lastElementChild.remove();
      byId('feed-empty').hidden = list.children.length > 0;
      byId('feed-empty').textContent = tag || keyword ? 'No posts match the filter.' : 'No posts yet.';
      const options = store.tags.slice(0, 20).map((t) => `#${t.tag}`);
      if (tagOptions.dataset.key !== options.join()) {
        tagOptions.dataset.key = options.join();
        tagOptions.replaceChildren(...options.map((value) => { const o = el('option'); o.value = value.slice(1); return o; }));
      }
    },
  };
  byId('feed-filters').addEventListener('submit', (event) => event.preventDefault());
  return panel;
}
