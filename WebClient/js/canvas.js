// Canvas helpers: match a canvas's pixel buffer to its CSS size (sharp on HiDPI screens), read the
// theme's colours from CSS variables (so light/dark apply to charts too) and map sentiment to colour.

let cachedColors = null;

/** Theme colours from the CSS custom properties; cleared by `themeChanged()`. */
export function colors() {
  if (!cachedColors) {
    const style = getComputedStyle(document.documentElement);
    const read = (name) => style.getPropertyValue(name).trim();
    cachedColors = {
      text: read('--chart-text'), muted: read('--muted'), grid: read('--grid'), panel: read('--panel'),
      accent: read('--accent'), pos: read('--pos'), neu: read('--neu'), neg: read('--neg'), warn: read('--warn'),
      font: getComputedStyle(document.body).fontFamily,
    };
  }
  return cachedColors;
}

export function themeChanged() { cachedColors = null; }

/**
 * Sizes the canvas buffer to its displayed size times devicePixelRatio and returns
 * { ctx, width, height } in CSS pixels (the context is scaled), or null when it is not displayed.
 */
export function prepare(canvas) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return null;
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

function parseHex(hex) {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}

/** Colour for a compound score in [-1, 1]: negative → neutral → positive, blended. */
export function sentimentColor(compound) {
  const c = colors();
  const t = Math.max(-1, Math.min(1, compound || 0));
  const from = parseHex(c.neu);
  const to = parseHex(t >= 0 ? c.pos : c.neg);
  const k = Math.min(1, Math.abs(t) * 2.5);
  const mix = from.map((v, i) => Math.round(v + (to[i] - v) * k));
  return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

/** Diverging colour for a correlation in [-1, 1] (negative: --neg, positive: --accent), alpha by strength. */
export function divergingColor(value) {
  const c = colors();
  const [r, g, b] = parseHex(value >= 0 ? c.accent : c.neg);
  return `rgba(${r}, ${g}, ${b}, ${Math.min(1, Math.abs(value)).toFixed(3)})`;
}

/** Re-renders through `callback` whenever one of the elements changes size. */
export function onResize(elements, callback) {
  const observer = new ResizeObserver(() => callback());
  for (const element of elements) observer.observe(element);
}
