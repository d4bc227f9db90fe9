// Bounded containers for the dashboard's client-side state, so an open tab never grows:
// Ring (fixed-capacity FIFO) and Series (time buckets [start, ...] upserted by start, oldest dropped).

/** A fixed-capacity ring buffer: pushing past capacity drops the oldest item. */
export class Ring {
  constructor(capacity) {
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.start = 0;
    this.size = 0;
  }

  push(item) {
    const index = (this.start + this.size) % this.capacity;
    this.items[index] = item;
    if (this.size < this.capacity) this.size += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The item `i` places from the oldest (0) or undefined. */
  at(i) { return i < 0 || i >= this.size ? undefined : this.items[(this.start + i) % this.capacity]; }

  /** The newest item, or undefined. */
  last() { return this.at(this.size - 1); }

  /** Oldest first. */
  toArray() {
    const out = new Array(this.size);
    for (let i = 0; i < this.size; i += 1) out[i] = this.at(i);
    return out;
  }

  clear() { this.items = new Array(this.capacity); this.start = 0; this.size = 0; }
}

/** Time buckets ([start, ...values]) kept in start order, at most `capacity` of them. */
export class Series {
  constructor(capacity) { this.capacity = capacity; this.points = []; }

  /** Replaces the bucket with the same start or inserts it in order; drops the oldest overflow. */
  upsert(point) {
    const points = this.points;
    let i = points.length - 1;
    while (i >= 0 && points[i][0] > point[0]) i -= 1;
    if (i >= 0 && points[i][0] === point[0]) points[i] = point;
    else points.splice(i + 1, 0, point);
    if (points.length > this.capacity) points.splice(0, points.length - this.capacity);
  }

  replaceAll(list) {
    this.points = (list || []).slice(-this.capacity);
  }

  clear() { this.points = []; }
}
