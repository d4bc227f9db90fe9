// Analyze view: scores one post through POST /api/analyze and shows its sentiment scores and
// label, its cluster and the predicted engagement with each feature's contribution. Any 4xx/5xx
// shows the hub's error message.
import { byId, el, formatNumber, signed } from '../dom.js';
import { request } from '../api.js';

function numberField(id) {
  const raw = byId(id).value.trim();
  return raw === '' ? undefined : Number(raw);
}

/** The request body from the form, or throws with a message naming the bad field. */
export function readAnalyzeForm() {
  const text = byId('an-text').value;
  if (!text.trim()) throw Object.assign(new Error('Enter the text of a post.'), { field: 'an-text' });
  const body = { text };
  const hashtags = byId('an-hashtags').value.split(/[\s,]+/).map((t) => t.replace(/^#/, '')).filter(Boolean);
  if (hashtags.length) body.hashtags = hashtags;
  for (const name of ['followers', 'likes', 'shares', 'comments']) {
    const value = numberField(`an-${name}`);
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw Object.assign(new Error(`${name} must be a number ≥ 0.`), { field: `an-${name}` });
    body[name] = value;
  }
  return body;
}

function scores(sentiment) {
  const item = (name, value) => el('div', '', null, [el('dt', '', name), el('dd', '', value)]);
  return el('dl', 'scores', null, [
    item('compound', signed(sentiment.compound)), item('positive', formatNumber(sentiment.pos, 3)),
    item('neutral', formatNumber(sentiment.neu, 3)), item('negative', formatNumber(sentiment.neg, 3)),
  ]);
}

function engagementBlock(engagement) {
  if (!engagement) return [el('p', 'summary', 'No engagement model is loaded, so there is no prediction.')];
  const contributions = (engagement.contributions || []).slice().sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const biggest = Math.abs(contributions[0]?.contribution || 1) || 1;
  return [
    el('p', 'prediction', `Predicted engagement: ${formatNumber(engagement.predicted, 2)}`),
    el('p', 'summary', `baseline ${formatNumber(engagement.bias, 2)}; what moved it:`),
    el('ul', 'bar-list contributions', null, contributions.map((c) => {
      const fill = el('div', `bar-fill ${c.contribution < 0 ? 'negative' : 'positive'}`);
      fill.style.width = `${(100 * Math.abs(c.contribution)) / biggest}%`;
      return el('li', 'bar-row', null, [
        el('div', 'bar-head', null, [el('span', '', `${c.feature} = ${formatNumber(c.value, 2)}`), el('span', '', signed(c.contribution, 2))]),
        el('div', 'bar-track', null, [fill]),
      ]);
    })),
  ];
}

export function showAnalysis(container, result) {
  const label = result.sentiment?.label || 'neutral';
  const cluster = result.cluster ? `Cluster ${result.cluster.id}: ${result.cluster.label}` : 'No cluster model yet.';
  container.replaceChildren(
    el('h2', '', 'Result'),
    el('p', '', null, [el('span', `label-badge ${label}`, label)]),
    scores(result.sentiment || {}),
    el('p', 'cluster', cluster),
    result.hashtags?.length ? el('p', 'summary', `hashtags: ${result.hashtags.map((t) => `#${t}`).join(' ')}`) : el('span'),
    ...engagementBlock(result.engagement),
  );
}

export function setupAnalyze() {
  const form = byId('analyze-form');
  const result = byId('analyze-result');
  const submit = byId('an-submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.hidden = false;
    let body;
    try {
      body = readAnalyzeForm();
    } catch (error) {
      result.replaceChildren(el('p', 'error', error.message));
      byId(error.field)?.focus();
      return;
    }
    submit.disabled = true;
    result.replaceChildren(el('p', 'summary', 'Analyzing…'));
    try {
      showAnalysis(result, await request('POST', '/api/analyze', { json: body }));
    } catch (error) {
      const prefix = error.status ? `Error ${error.status}: ` : '';
      result.replaceChildren(el('p', 'error', `${prefix}${error.message}`));
    } finally {
      submit.disabled = false;
    }
  });
}
