// The dashboard's WebSocket link to the hub: subscribes, resumes after a drop with the last
// epoch/offset (the server replays missed deltas or says recovered:false and sends a fresh snapshot),
// reconnects with exponential backoff and full jitter, and reports its state for the indicator.

const TOPICS = ['sentiment', 'trending', 'posts', 'words', 'clusters', 'engagement', 'correlation', 'alerts'];

/** Delay before reconnect attempt `attempt` (0-based): random in [base/2, cap) growing 2x per attempt. */
export function backoffDelay(attempt, baseMs = 500, capMs = 10000, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class Connection {
  /**
   * @param {object} options
   *   store      — has recoveryPoint() and apply(message)
   *   onChange   — called with the set of changed topics after each applied message
   *   onStatus   — called with (state, detail): connecting | live | reconnecting | offline
   */
  constructor({ store, onChange, onStatus, url }) {
    this.store = store;
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.url = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.lastSubscribed = null; // the hub's last "subscribed" answer (recovered or not)
    this.resyncing = false; // a re-subscription is on its way: ignore deltas until it is answered
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && !this.socket) this.reconnectNow();
    });
  }

  start() { this.open(); }

  open() {
    clearTimeout(this.timer);
    clearInterval(this.countdown);
    this.timer = null;
    this.resyncing = false;
    this.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting', 'connecting…');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.subscribe();
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect(event.code);
    };
    socket.onerror = () => {}; // onclose follows; the browser already logs the cause
  }

  /** Sends the subscription, asking to resume from the last applied offset when there is one. */
  subscribe(forceFresh = false) {
    const point = forceFresh ? null : this.store.recoveryPoint();
    const message = { op: 'subscribe', topics: TOPICS };
    if (point) message.recover = point;
    const token = new URLSearchParams(location.search).get('token'); // a hub with tokens: open /?token=T
    if (token) message.token = token;
    this.socket.send(JSON.stringify(message));
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    switch (message.op) {
      case 'subscribed':
        this.lastSubscribed = message;
        this.attempt = 0;
        this.resyncing = false;
        this.onStatus('live', message.recovered ? 'resumed' : 'live');
        break;
      case 'snapshot':
        this.onChange(this.store.apply(message));
        break;
      case 'delta': {
        const point = this.store.recoveryPoint();
        if (!point || point.epoch !== message.epoch || message.offset !== point.offset + 1) {
          // Out of sequence (restarted server or missed delta): ask again; a fresh snapshot follows.
          if (point && point.epoch === message.epoch && message.offset <= point.offset) return;
          if (this.resyncing) return;
          this.resyncing = true;
          this.subscribe(!point || point.epoch !== message.epoch);
          return;
        }
        this.onChange(this.store.apply(message));
        break;
      }
      default:
        break;
    }
  }

  scheduleReconnect(code) {
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    const until = Date.now() + delay;
    const why = code === 1001 ? 'server restarting' : code === 4008 ? 'too slow' : 'disconnected';
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      this.onStatus(navigator.onLine === false ? 'offline' : 'reconnecting', `${why}, retry in ${seconds} s`);
    };
    tick();
    this.countdown = setInterval(tick, 1000);
    this.timer = setTimeout(() => { clearInterval(this.countdown); this.open(); }, delay);
  }

  reconnectNow() {
    if (this.socket) return;
    clearTimeout(this.timer);
    clearInterval(this.countdown);
    this.open();
  }
}
