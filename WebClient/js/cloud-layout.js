// Word-cloud layout: places words along an Archimedean spiral from the centre, biggest first,
// skipping positions whose bounding box would overlap a placed word or leave the canvas. Pure:
// `measure(text, size)` supplies text extents, so it can be tested without drawing.

/** Font size for each weight: square-root scale between minSize and maxSize. */
export function fontSizes(weights, minSize, maxSize) {
  const lo = Math.min(...weights);
  const hi = Math.max(...weights);
  return weights.map((w) => (hi === lo ? (minSize + maxSize) / 2 : minSize + (maxSize - minSize) * Math.sqrt((w - lo) / (hi - lo))));
}

export function overlaps(a, b, gap = 0) {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * @param terms  [{ term, weight, sentiment }]
 * @param width, height  canvas size in CSS pixels
 * @param measure  (text, size) => { w, h } of the text's box
 * @returns [{ term, sentiment, size, x, y, w, h }] with (x, y) the box's top-left corner; words
 *          that find no free place are left out.
 */
export function layoutWords(terms, width, height, measure, options = {}) {
  const gap = options.gap ?? 2;
  const maxSize = options.maxSize ?? Math.max(14, Math.min(56, height / 5));
  const minSize = options.minSize ?? 10;
  const sorted = terms.filter((t) => t.term && t.weight > 0).sort((a, b) => b.weight - a.weight);
  if (sorted.length === 0 || width < 20 || height < 20) return [];
  const sizes = fontSizes(sorted.map((t) => t.weight), minSize, maxSize);
  const placed = [];
  const aspect = width / height;
  const cx = width / 2;
  const cy = height / 2;
  const maxRadius = Math.hypot(cx, cy);
  sorted.forEach((term, i) => {
    const { w, h } = measure(term.term, sizes[i]);
    if (w > width || h > height) return;
    // Spiral r = a·t; small angle steps near the centre, the same arc length farther out.
    for (let t = 0, r = 0; r < maxRadius; ) {
      const x = cx + r * Math.cos(t) * Math.sqrt(aspect) - w / 2;
      const y = cy + r * Math.sin(t) / Math.sqrt(aspect) - h / 2;
      const box = { x, y, w, h };
      if (x >= 0 && y >= 0 && x + w <= width && y + h <= height && !placed.some((p) => overlaps(p, box, gap))) {
        placed.push({ term: term.term, sentiment: term.sentiment ?? 0, size: sizes[i], ...box });
        return;
      }
      t += Math.min(0.35, 4 / Math.max(1, r));
      r = 1.6 * t;
    }
  });
  return placed;
}
