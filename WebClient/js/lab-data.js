// Reads just enough of a training file for the Lab form: its format (CSV or JSONL), its column
// names and which columns hold numbers in the first rows. The file itself is sent as-is.

/** Splits one CSV line (RFC 4180 quotes, "" escapes). */
export function splitCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

const isNumber = (v) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

/**
 * @param text  the start of the file (a few KB is enough)
 * @returns { format: 'csv'|'jsonl', contentType, columns: [name], numeric: Set(name), rows: n sampled }
 */
export function inspectTrainingText(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('The file is empty.');
  const sample = lines.slice(0, 50);
  if (sample[0].trim().startsWith('{')) {
    const columns = [];
    const numericCount = new Map();
    let rows = 0;
    for (const [i, line] of sample.entries()) {
      let object;
      try { object = JSON.parse(line); } catch {
        if (i === sample.length - 1 && lines.length > sample.length) break; // cut off mid-line
        throw new Error(`Line ${i + 1} is not JSON.`);
      }
      rows += 1;
      for (const [key, value] of Object.entries(object)) {
        if (!columns.includes(key)) columns.push(key);
        if (isNumber(value)) numericCount.set(key, (numericCount.get(key) || 0) + 1);
      }
    }
    return { format: 'jsonl', contentType: 'application/x-ndjson', columns, numeric: new Set(numericCount.keys()), rows };
  }
  const columns = splitCsvLine(sample[0]);
  if (columns.some((c) => c === '')) throw new Error('The CSV header has an empty column name.');
  const numeric = new Set(columns);
  const rows = sample.slice(1);
  for (const row of rows) {
    splitCsvLine(row).forEach((cell, i) => { if (cell !== '' && !isNumber(cell)) numeric.delete(columns[i]); });
  }
  return { format: 'csv', contentType: 'text/csv', columns, numeric, rows: rows.length };
}

/** Query string for POST /api/model/train. Grid "a=1,2; b=3" → grid=a%3D1,2;b%3D3. */
export function trainQuery({ target, features, grid, cv, activate }) {
  const params = [`target=${encodeURIComponent(target)}`, `features=${features.map(encodeURIComponent).join(',')}`];
  const gridParts = grid.split(';').map((p) => p.replace(/\s+/g, '')).filter(Boolean);
  if (gridParts.length) params.push(`grid=${gridParts.map((p) => encodeURIComponent(p).replaceAll('%2C', ',')).join(';')}`);
  if (cv) params.push(`cv=${cv}`);
  params.push(`activate=${activate ? 'true' : 'false'}`);
  return params.join('&');
}
