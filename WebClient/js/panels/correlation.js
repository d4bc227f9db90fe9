// Correlation panel: a heatmap of the Pearson matrix of the numeric fields, the value printed in
// each cell, positive in the accent colour and negative in red.
import { byId } from '../dom.js';
import { colors, divergingColor, prepare } from '../canvas.js';

export function createCorrelation(store) {
  const canvas = byId('correlation');
  return {
    topics: ['correlation', 'resize'],
    render() {
      const data = store.correlation;
      const fields = data?.fields || [];
      const matrix = data?.matrix || [];
      const empty = fields.length === 0 || matrix.length !== fields.length;
      byId('correlation-empty').hidden = !empty;
      canvas.hidden = empty;
      if (empty) return;
      const view = prepare(canvas);
      if (!view) return;
      const { ctx, width, height } = view;
      const c = colors();
      const n = fields.length;
      ctx.font = `11px ${c.font}`;
      const labelWidth = Math.min(90, Math.max(...fields.map((f) => ctx.measureText(f).width)) + 8);
      const bottom = labelWidth * 0.72 + 6; // room for the x labels, drawn at 45°
      const cell = Math.max(8, Math.min((width - labelWidth) / n, (height - bottom) / n));
      const x0 = labelWidth;
      let strongest = null;
      for (let i = 0; i < n; i += 1) {
        ctx.fillStyle = c.text; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
        ctx.fillText(fields[i], x0 - 4, cell * i + cell / 2, labelWidth - 6);
        for (let j = 0; j < n; j += 1) {
          const v = Number(matrix[i][j]);
          ctx.fillStyle = Number.isFinite(v) ? divergingColor(v) : c.grid;
          ctx.fillRect(x0 + cell * j + 1, cell * i + 1, cell - 2, cell - 2);
          if (cell >= 26 && Number.isFinite(v)) {
            ctx.fillStyle = Math.abs(v) > 0.55 ? c.panel : c.text;
            ctx.textAlign = 'center';
            ctx.fillText(v.toFixed(2), x0 + cell * j + cell / 2, cell * i + cell / 2);
          }
          if (i < j && Number.isFinite(v) && (!strongest || Math.abs(v) > Math.abs(strongest.v))) strongest = { i, j, v };
        }
      }
      ctx.fillStyle = c.text; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
      fields.forEach((f, j) => {
        ctx.save();
        ctx.translate(x0 + cell * j + cell / 2, cell * n + 6);
        ctx.rotate(-Math.PI / 4);
        ctx.fillText(f, 0, 0, labelWidth - 6);
        ctx.restore();
      });
      canvas.setAttribute('aria-label', strongest
        ? `Correlation heatmap of ${n} fields; strongest: ${fields[strongest.i]} and ${fields[strongest.j]} ${strongest.v.toFixed(2)}`
        : 'Correlation heatmap');
    },
  };
}
