// Lab view: pick a CSV/JSONL file, choose the target and features from its header, train with
// grid search (POST /api/model/train), poll the job for progress, show the report and activate it.
import { byId, el } from '../dom.js';
import { request } from '../api.js';
import { inspectTrainingText, trainQuery } from '../lab-data.js';
import { renderReport } from '../model-report.js';

const DERIVED = ['text_length', 'hashtag_count', 'sentiment_compound', 'hour_of_day', 'day_of_week']; // features the hub derives from text and created_at
const POLL_MS = 500;

const describe = (error) => (error.status ? `Error ${error.status}: ${error.message}` : error.message);

export function setupLab() {
  const form = byId('lab-form');
  const fileInput = byId('lab-file');
  const info = byId('lab-file-info');
  const target = byId('lab-target');
  const features = byId('lab-features');
  const submit = byId('lab-submit');
  const job = byId('lab-job');
  const progress = byId('lab-progress');
  const state = byId('lab-state');
  const message = byId('lab-message');
  const reportBox = byId('lab-report');
  const activateNow = byId('lab-activate-now');
  let file = null;
  let inspected = null;
  let jobId = null;
  let pollTimer = 0;

  function fillFeatures() {
    const chosen = target.value;
    const names = [...inspected.columns.filter((c) => inspected.numeric.has(c)), ...DERIVED.filter((d) => !inspected.columns.includes(d))];
    features.replaceChildren(el('legend', '', 'Features'), ...names.filter((n) => n !== chosen).map((name) => {
      const box = el('input');
      box.type = 'checkbox';
      box.value = name;
      box.checked = inspected.columns.includes(name);
      return el('label', '', null, [box, document.createTextNode(name)]);
    }));
  }

  fileInput.addEventListener('change', async () => {
    file = fileInput.files[0] || null;
    inspected = null;
    submit.disabled = true;
    target.disabled = true;
    features.disabled = true;
    if (!file) { info.textContent = ''; return; }
    try {
      inspected = inspectTrainingText(await file.slice(0, 65536).text());
    } catch (error) {
      info.replaceChildren(el('span', 'error', error.message));
      return;
    }
    info.textContent = `${file.name}: ${inspected.format.toUpperCase()}, ${inspected.columns.length} columns, ${(file.size / 1024).toFixed(1)} KB`;
    const numeric = inspected.columns.filter((c) => inspected.numeric.has(c));
    target.replaceChildren(...numeric.map((name) => { const o = el('option', '', name); o.value = name; return o; }));
    if (numeric.includes('likes')) target.value = 'likes';
    target.disabled = numeric.length === 0;
    features.disabled = false;
    fillFeatures();
    submit.disabled = numeric.length === 0;
    if (numeric.length === 0) info.append(el('span', 'error', ' — no numeric column to predict.'));
  });
  target.addEventListener('change', fillFeatures);

  function showJob(status) {
    progress.value = Math.max(0, Math.min(1, status.progress ?? 0));
    state.textContent = `${status.state === 'done' ? 'Done' : status.state === 'failed' ? 'Failed' : 'Training'} · ${Math.round(progress.value * 100)}%`;
    message.textContent = status.message || '';
    message.className = status.state === 'failed' ? 'error' : 'summary';
    if (status.report) renderReport(reportBox, status.report);
    activateNow.hidden = !(status.state === 'done' && status.report && !byId('lab-activate').checked);
  }

  async function poll() {
    try {
      const status = await request('GET', `/api/model/jobs/${encodeURIComponent(jobId)}`);
      showJob(status);
      if (status.state === 'running' || status.state === 'queued') pollTimer = setTimeout(poll, POLL_MS);
      else submit.disabled = false;
    } catch (error) {
      showJob({ state: 'failed', progress: progress.value, message: describe(error) });
      submit.disabled = false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file || !inspected) return;
    const chosen = [...features.querySelectorAll('input:checked')].map((box) => box.value);
    job.hidden = false;
    reportBox.replaceChildren();
    activateNow.hidden = true;
    if (chosen.length === 0) { showJob({ state: 'failed', progress: 0, message: 'Choose at least one feature.' }); return; }
    clearTimeout(pollTimer);
    submit.disabled = true;
    showJob({ state: 'running', progress: 0, message: 'Uploading…' });
    const query = trainQuery({ target: target.value, features: chosen, grid: byId('lab-grid').value, cv: byId('lab-cv').value, activate: byId('lab-activate').checked });
    try {
      const answer = await request('POST', `/api/model/train?${query}`, { body: file, contentType: inspected.contentType });
      jobId = answer.job;
      poll();
    } catch (error) {
      showJob({ state: 'failed', progress: 0, message: describe(error) });
      submit.disabled = false;
    }
  });

  activateNow.addEventListener('click', async () => {
    try {
      await request('POST', `/api/model/jobs/${encodeURIComponent(jobId)}/activate`);
      activateNow.hidden = true;
      message.textContent = 'This model is now live.';
    } catch (error) {
      message.textContent = describe(error);
      message.className = 'error';
    }
  });
}
