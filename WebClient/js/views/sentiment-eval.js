// Lab: sentiment evaluation. A labelled TSV file (text, TAB, label or rating) is posted as is to
// POST /api/eval/sentiment; the answer (the same JSON `pulse eval-sentiment` prints) is shown as
// accuracy, macro and weighted F1, a per-class table and a confusion-matrix heat map.
import { byId, el, formatNumber } from '../dom.js';
import { request } from '../api.js';

const describe = (error) => (error.status ? `Error ${error.status}: ${error.message}` : error.message);

function metric(name, value) {
  return el('div', '', null, [el('dt', '', name), el('dd', '', formatNumber(value, 3))]);
}

function classTable(result) {
  const rows = Object.entries(result.per_class || {}).map(([label, s]) => el('tr', '', null, [
    el('th', '', label), el('td', '', formatNumber(s.precision, 3)), el('td', '', formatNumber(s.recall, 3)),
    el('td', '', formatNumber(s.f1, 3)), el('td', '', formatNumber(s.support)),
  ]));
  const head = ['class', 'precision', 'recall', 'F1', 'support'].map((h) => el('th', '', h));
  return el('table', 'grid-table eval-classes', null, [el('thead', '', null, [el('tr', '', null, head)]), el('tbody', '', null, rows)]);
}

/** The confusion matrix as a table whose cells are shaded by their share of the true-label row. */
function confusionPlot(result) {
  const labels = result.confusion_matrix?.labels || [];
  const matrix = result.confusion_matrix?.matrix || [];
  const head = el('tr', '', null, [el('th', '', 'true \\ predicted'), ...labels.map((l) => el('th', '', l))]);
  const rows = matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el('tr', '', null, [el('th', '', labels[i]), ...row.map((count, j) => {
      const cell = el('td', i === j ? 'diagonal' : '', formatNumber(count));
      cell.style.setProperty('--share', (count / total).toFixed(3));
      cell.title = `true ${labels[i]}, predicted ${labels[j]}: ${count} (${Math.round((100 * count) / total)}% of the row)`;
      return cell;
    })]);
  });
  const table = el('table', 'confusion-table', null, [el('thead', '', null, [head]), el('tbody', '', null, rows)]);
  table.setAttribute('aria-label', 'Confusion matrix: rows are true labels, columns VADER labels');
  return table;
}

export function setupSentimentEval() {
  const form = byId('eval-form');
  const fileInput = byId('eval-file');
  const info = byId('eval-file-info');
  const submit = byId('eval-submit');
  const result = byId('eval-result');
  const message = byId('eval-message');
  const report = byId('eval-report');
  let file = null;

  fileInput.addEventListener('change', () => {
    file = fileInput.files[0] || null;
    submit.disabled = !file;
    info.textContent = file ? `${file.name}: ${(file.size / 1024).toFixed(1)} KB` : '';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file) return;
    submit.disabled = true;
    result.hidden = false;
    report.replaceChildren();
    message.className = 'summary';
    message.textContent = 'Scoring…';
    try {
      const answer = await request('POST', '/api/eval/sentiment', { body: file, contentType: 'text/tab-separated-values' });
      message.textContent = `${formatNumber(answer.count)} labelled texts scored with VADER.`;
      report.replaceChildren(el('div', 'report eval-report', null, [
        el('dl', 'metrics', null, [metric('accuracy', answer.accuracy), metric('macro F1', answer.macro_f1), metric('weighted F1', answer.weighted_f1)]),
        el('div', '', null, [el('h3', '', 'Per class'), classTable(answer)]),
        el('div', '', null, [el('h3', '', 'Confusion matrix'), confusionPlot(answer)]),
      ]));
    } catch (error) {
      message.className = 'error';
      message.textContent = describe(error) + (error.problems ? `: ${error.problems.join('; ')}` : '');
    } finally {
      submit.disabled = false;
    }
  });
}
