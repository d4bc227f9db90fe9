// Word-cloud panel: the hub's top terms drawn on a canvas, sized by weight and coloured by
// sentiment, placed without overlaps by cloud-layout.js. The last layout is kept on
// `panel.placed` (boxes in CSS pixels) for the browser tests.
import { byId } from '../dom.js';
import { colors, prepare, sentimentColor } from '../canvas.js';
import { layoutWords } from '../cloud-layout.js';

export function createWordCloud(store) {
  const canvas = byId('word-cloud');
  let lastKey = '';
  let lastLayoutAt = 0;
  let lastSize = '';
  const panel = {
    placed: [],
    topics: ['words', 'resize'],
    render() {
      const terms = store.words || [];
      byId('words-empty').hidden = terms.length > 0;
      canvas.hidden = terms.length === 0;
      if (terms.length === 0) return;
      const view = prepare(canvas);
      if (!view) return;
      const { ctx, width, height } = view;
      const font = colors().font;
      const size = `${width}x${height}`;
      const key = terms.map((t) => t.term).join(',');
      const measure = (text, size) => {
        ctx.font = `600 ${size}px ${font}`;
        const m = ctx.measureText(text);
        const h = (m.actualBoundingBoxAscent || size * 0.8) + (m.actualBoundingBoxDescent || size * 0.25);
        return { w: Math.ceil(m.width), h: Math.ceil(h) + 2 };
      };
      // Re-layout when the set or order of terms changes, at most every 5 s (words jumping around
      // is hard to read, and a layout costs milliseconds), and at once when the canvas is resized.
      // In between, the placed words keep their sizes and only their colours follow the feed.
      const now = performance.now();
      if (size !== lastSize || (key !== lastKey && now - lastLayoutAt > 5000)) {
        panel.placed = layoutWords(terms, width, height, measure);
        lastKey = key;
        lastSize = size;
        lastLayoutAt = now;
      }
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      const sentiment = new Map(terms.map((t) => [t.term, t.sentiment ?? 0]));
      for (const word of panel.placed) {
        word.sentiment = sentiment.get(word.term) ?? word.sentiment;
        ctx.font = `600 ${word.size}px ${font}`;
        ctx.fillStyle = sentimentColor(word.sentiment);
        const m = ctx.measureText(word.term);
        ctx.fillText(word.term, word.x, word.y + 1 + (m.actualBoundingBoxAscent || word.size * 0.8));
      }
      canvas.setAttribute('aria-label', `Word cloud: ${panel.placed.slice(0, 15).map((w) => w.term).join(', ')}`);
    },
  };
  return panel;
}
