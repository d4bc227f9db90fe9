// Client-side state of the dashboard: applies WebSocket snapshots and deltas (protocol in
// README "WebSocket protocol") and keeps every collection bounded (rings, capped maps), so memory
// stays flat over hours. Pure data, no DOM: main.js asks which topics changed and re-renders them.
import { Ring, Series } from './ring.js';

export const LIMITS = {
  posts: 200, perSecond: 900, perMinute: 1440, labelBuckets: 300,
  sparkPoints: 40, sparkTags: 120, alerts: 50,
};

const LABELS = ['positive', 'neutral', 'negative'];

export class Store {
  constructor(limits = LIMITS) {
    this.limits = limits;
    this.posts = new Ring(limits.posts);
    this.perSecond = new Series(limits.perSecond);
    this.perMinute = new Series(limits.perMinute);
    this.labelSeries = new Series(limits.labelBuckets); // [second, positive, neutral, negative]
    this.sparks = new Map(); // tag -> { ring, seen }
    this.reset();
  }

  /** Forgets everything that came from the previous snapshot (new epoch or lost recovery). */
  reset() {
    this.epoch = null;
    this.offset = null;
    this.time = null;
    this.stats = null;
    this.generation = (this.generation || 0) + 1;
    this.posts.clear();
    this.lastSeq = -1; // highest post seq applied: replayed deltas do not add posts twice
    this.perSecond.clear();
    this.perMinute.clear();
    this.labelSeries.clear();
    this.sparks.clear();
    this.counts = null;
    this.meanCompound = null;
    this.byHashtag = [];
    this.tags = [];
    this.updates = 0;
    this.words = null;
    this.clusters = null;
    this.engagement = null;
    this.correlation = null;
    this.alerts = [];
  }

  /** Where to resume after a disconnect, or null before the first snapshot. */
  recoveryPoint() {
    return this.epoch === null ? null : { epoch: this.epoch, offset: this.offset };
  }

  /** Applies one snapshot or delta; returns the set of things that changed ('stats' + topic names). */
  apply(message) {
    const changed = new Set(['stats']);
    if (message.op === 'snapshot') {
      this.reset();
      changed.add('all');
    }
    this.epoch = message.epoch;
    this.offset = message.offset;
    this.time = message.time;
    if (message.stats) this.stats = message.stats;
    const topics = message.topics || {};
    for (const [name, value] of Object.entries(topics)) {
      if (value == null) continue;
      const apply = this[`apply_${name}`];
      if (apply) { apply.call(this, value, message); changed.add(name); }
    }
    this.updates += 1;
    return changed;
  }

  apply_sentiment(value, message) {
    const isSnapshot = message.op === 'snapshot';
    if (value.counts) {
      if (this.counts && !isSnapshot) this.addLabelDeltas(value.counts, message.time);
      this.counts = value.counts;
    }
    if (typeof value.mean_compound === 'number') this.meanCompound = value.mean_compound;
    for (const [key, series] of [['per_second', this.perSecond], ['per_minute', this.perMinute]]) {
      if (!Array.isArray(value[key])) continue;
      if (isSnapshot) series.replaceAll(value[key]);
      else for (const point of value[key]) series.upsert(point);
    }
    if (Array.isArray(value.by_hashtag)) this.byHashtag = value.by_hashtag.slice(0, 30);
  }

  /** Label counts per second, derived from the growth of the cumulative counts between messages. */
  addLabelDeltas(counts, time) {
    const second = Math.floor(time || Date.now() / 1000);
    const added = LABELS.map((label) => Math.max(0, (counts[label] || 0) - (this.counts[label] || 0)));
    const points = this.labelSeries.points;
    const last = points[points.length - 1];
    if (last && last[0] === second) added.forEach((n, i) => { last[i + 1] += n; });
    else this.labelSeries.upsert([second, ...added]);
  }

  apply_trending(value) {
    const tags = (value.tags || []).slice();
    const hasVelocity = tags.some((t) => typeof t.velocity === 'number');
    if (hasVelocity) tags.sort((a, b) => (b.velocity ?? 0) - (a.velocity ?? 0));
    this.tags = tags;
    for (const entry of tags) {
      let spark = this.sparks.get(entry.tag);
      if (!spark) { spark = { ring: new Ring(this.limits.sparkPoints), seen: 0 }; this.sparks.set(entry.tag, spark); }
      spark.ring.push(hasVelocity ? entry.velocity : entry.count);
      spark.seen = this.updates;
    }
    if (this.sparks.size > this.limits.sparkTags) {
      const stale = [...this.sparks.entries()].sort((a, b) => a[1].seen - b[1].seen);
      for (const [tag] of stale.slice(0, this.sparks.size - this.limits.sparkTags)) this.sparks.delete(tag);
    }
  }

  apply_posts(value) {
    const list = Array.isArray(value) ? value : value.posts || [];
    for (const post of list) {
      if (typeof post.seq === 'number') {
        if (post.seq <= this.lastSeq) continue;
        this.lastSeq = post.seq;
      }
      this.posts.push(post);
    }
  }

  apply_words(value) { this.words = (value.terms || []).slice(0, 150); }

  apply_clusters(value) { this.clusters = value; }

  apply_engagement(value) { this.engagement = { ...(this.engagement || {}), ...value }; }

  apply_correlation(value) { this.correlation = value; }

  apply_alerts(value, message) {
    const incoming = value.alerts || [];
    const merged = message.op === 'snapshot' ? [] : this.alerts.filter((a) => !incoming.some((b) => b.id === a.id));
    this.alerts = incoming.concat(merged)
      .sort((a, b) => (b.time || 0) - (a.time || 0))
      .slice(0, this.limits.alerts);
  }
}
