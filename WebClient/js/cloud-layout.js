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

/** Placed boxes bucketed by 32 px cells, so a collision test looks only at nearby boxes. */
class BoxGrid {
  constructor(width, height, gap) {
    this.cell = 32;
    this.gap = gap;
    this.cols = Math.ceil(width / this.cell);
    this.rows = Math.ceil(height / this.cell);
    this.cells = Array.from({ length: this.cols * this.rows }, () => []);
  }

  /** Calls `visit(cellList)` for each cell the box (widened by the gap) touches; stops on true. */
  each(box, visit) {
    const clamp = (v, hi) => Math.max(0, Math.min(hi, Math.floor(v / this.cell)));
    const x0 = clamp(box.x - this.gap, this.cols - 1);
    const x1 = clamp(box.x + box.w + this.gap, this.cols - 1);
    const y0 = clamp(box.y - this.gap, this.rows - 1);
    const y1 = clamp(box.y + box.h + this.gap, this.rows - 1);
    for (let y = y0; y <= y1; y += 1) for (let x = x0; x <= x1; x += 1) if (visit(this.cells[y * this.cols + x])) return;
  }

  add(box) { this.each(box, (list) => { list.push(box); return false; }); }

  /** A placed box overlapping `box`, or null. */
  hit(box) {
    let found = null;
    this.each(box, (list) => { found = list.find((p) => overlaps(p, box, this.gap)) || null; return found !== null; });
    return found;
  }
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
  const aspect = Math.sqrt(width / height);
  const cx = width / 2;
  const cy = height / 2;
  const grid = new BoxGrid(width, height, gap);
  let failed = null; // smallest box that found no place: no bigger box will either
  sorted.forEach((term, i) => {
    const { w, h } = measure(term.term, sizes[i]);
    if (w > width || h > height || (failed && w >= failed.w && h >= failed.h)) return;
    // Beyond this radius the spiral never comes back into the canvas.
    const maxRadius = Math.max(cx / aspect, cy * aspect) + Math.max(w, h);
    let blocker = null; // the box hit last: checked first, as the next spot usually hits it too
    // Spiral r = a·t; small angle steps near the centre, the same arc length farther out.
    for (let t = 0, r = 0; r < maxRadius; ) {
      const box = { x: cx + r * Math.cos(t) * aspect - w / 2, y: cy + (r * Math.sin(t)) / aspect - h / 2, w, h };
      if (box.x >= 0 && box.y >= 0 && box.x + w <= width && box.y + h <= height
          && !(blocker && overlaps(blocker, box, gap))) {
        blocker = grid.hit(box);
        if (!blocker) {
          const word = { term: term.term, sentiment: term.sentiment ?? 0, size: sizes[i], ...box };
          placed.push(word);
          grid.add(word);
          return;
        }
      }
      t += Math.min(0.35, 4 / Math.max(1, r));
      r = 1.6 * t;
    }
    if (!failed || (w <= failed.w && h <= failed.h)) failed = { w, h };
  });
  return placed;
}
