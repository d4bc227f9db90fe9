// Coalesces rendering: any number of store updates between two animation frames cause one
// render per dirty panel, so a 5 Hz (or faster) feed stays smooth and hidden tabs do no work.

export class Scheduler {
  constructor() {
    this.panels = new Map(); // name -> { render, topics }
    this.dirty = new Set();
    this.frame = 0;
    this.timing = { frames: 0, totalMs: 0, maxMs: 0 }; // render cost, read by the soak check
  }

  /** Registers a panel re-rendered when any of `topics` changes ('all' always applies). */
  add(name, topics, render) { this.panels.set(name, { topics: new Set(topics), render }); }

  /** Marks the panels interested in `changed` (a set of topic names) and asks for a frame. */
  changed(changed) {
    for (const [name, panel] of this.panels) {
      if (changed.has('all') || [...changed].some((topic) => panel.topics.has(topic))) this.dirty.add(name);
    }
    this.request();
  }

  mark(name) { this.dirty.add(name); this.request(); }

  markAll() { for (const name of this.panels.keys()) this.dirty.add(name); this.request(); }

  request() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const started = performance.now();
    const names = [...this.dirty];
    this.dirty.clear();
    for (const name of names) {
      try { this.panels.get(name).render(); } catch (error) { console.warn(`panel ${name} failed`, error); }
    }
    const spent = performance.now() - started;
    this.timing.frames += 1;
    this.timing.totalMs += spent;
    this.timing.maxMs = Math.max(this.timing.maxMs, spent);
  }
}
