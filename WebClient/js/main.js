// Dashboard entry point: creates the store, the panels and the connection, and renders the
// panels whose topics changed once per animation frame. `window.pulse` exposes the store and
// panels for the browser tests and for debugging in the console.
import { Store } from './store.js';
import { Connection } from './connection.js';
import { Scheduler } from './scheduler.js';
import { byId } from './dom.js';
import { onResize } from './canvas.js';
import { setupTheme } from './theme.js';
import { setupTabs } from './tabs.js';
import { setupAnalyze } from './views/analyze.js';
import { setupLab } from './views/lab.js';
import { setupSentimentEval } from './views/sentiment-eval.js';
import { createKpis } from './panels/kpis.js';
import { createSentiment } from './panels/sentiment.js';
import { createTrending } from './panels/trending.js';
import { createWordCloud } from './panels/wordcloud.js';
import { createFeed } from './panels/feed.js';
import { createClusters } from './panels/clusters.js';
import { createCorrelation } from './panels/correlation.js';
import { createModel } from './panels/model.js';
import { createAlerts } from './panels/alerts.js';

const store = new Store();
const scheduler = new Scheduler();
const feed = createFeed(store);
const panels = {
  kpis: createKpis(store),
  sentiment: createSentiment(store),
  trending: createTrending(store, { onPickTag: (tag) => { feed.setTag(tag); byId('feed-hashtag').focus(); } }),
  words: createWordCloud(store),
  feed,
  clusters: createClusters(store),
  correlation: createCorrelation(store),
  model: createModel(store),
  alerts: createAlerts(store),
};
for (const [name, panel] of Object.entries(panels)) scheduler.add(name, panel.topics, () => panel.render());

const indicator = byId('connection');
const indicatorText = indicator.querySelector('.conn-text');
const connection = new Connection({
  store,
  onChange: (changed) => scheduler.changed(changed),
  onStatus: (state, detail) => {
    indicator.dataset.state = state;
    const label = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' }[state];
    indicatorText.textContent = state === 'live' || state === 'connecting' ? label : `${label}: ${detail}`;
  },
});

for (const id of ['feed-hashtag', 'feed-keyword']) byId(id).addEventListener('input', () => scheduler.mark('feed'));
onResize([byId('view-dashboard')], () => scheduler.changed(new Set(['resize'])));
setupTheme(() => scheduler.markAll());
setupTabs((view) => { if (view === 'dashboard') scheduler.markAll(); });
setupAnalyze();
setupLab();
setupSentimentEval();
scheduler.markAll();
connection.start();

window.pulse = { store, panels, connection, scheduler };
