// A minimal live view of the hub: KPIs, trending hashtags and the post feed.
const feed = document.getElementById('feed');
const maxFeed = 100;
let last = null;

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.onopen = () => {
    document.getElementById('connection').textContent = 'live';
    const recover = last ? { epoch: last.epoch, offset: last.offset } : undefined;
    ws.send(JSON.stringify({ op: 'subscribe', topics: ['sentiment', 'trending', 'posts'], recover }));
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.op === 'snapshot' || message.op === 'delta') {
      last = { epoch: message.epoch, offset: message.offset };
      render(message);
    }
  };
  ws.onclose = () => {
    document.getElementById('connection').textContent = 'reconnecting…';
    setTimeout(connect, 1000);
  };
}

function render(message) {
  const stats = message.stats;
  document.getElementById('kpi-total').textContent = stats.total;
  document.getElementById('kpi-rate').textContent = stats.posts_per_second.toFixed(1);
  document.getElementById('kpi-subscribers').textContent = stats.subscribers;
  const topics = message.topics;
  if (topics.sentiment) document.getElementById('kpi-sentiment').textContent = topics.sentiment.mean_compound.toFixed(3);
  if (topics.trending) {
    const list = document.getElementById('trending');
    list.replaceChildren(...topics.trending.tags.map((entry) => {
      const item = document.createElement('li');
      item.textContent = `#${entry.tag} (${entry.count})`;
      return item;
    }));
  }
  for (const post of topics.posts || []) {
    const item = document.createElement('li');
    item.className = post.sentiment.label;
    item.textContent = post.text;
    feed.prepend(item);
  }
  while (feed.children.length > maxFeed) feed.lastChild.remove();
}

connect();
