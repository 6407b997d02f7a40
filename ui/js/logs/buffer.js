// The lines of one log view: a ring of at most `capacity` entries, addressed by an absolute index
// that keeps growing (so the rendered rows can refer to entries while older ones are evicted).

export class LogBuffer {
  constructor(capacity = 100_000) {
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.start = 0;
    this.size = 0;
    /** How many entries were evicted: the absolute index of the oldest one kept. */
    this.evicted = 0;
  }

  /** Adds an entry; returns its absolute index. */
  push(entry) {
    if (this.size === this.capacity) {
      this.items[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
      this.evicted += 1;
    } else {
      this.items[(this.start + this.size) % this.capacity] = entry;
      this.size += 1;
    }
    return this.evicted + this.size - 1;
  }

  /** The entry at an absolute index, or undefined when evicted or not yet written. */
  at(abs) {
    const i = abs - this.evicted;
    if (i < 0 || i >= this.size) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  /** The absolute index of the oldest entry kept. */
  get first() {
    return this.evicted;
  }

  /** One past the absolute index of the newest entry. */
  get end() {
    return this.evicted + this.size;
  }

  clear() {
    this.items = new Array(this.capacity);
    this.start = 0;
    this.size = 0;
    this.evicted = 0;
  }
}
