/**
 * Positive integer key → line number, for duplicate detection over up to 1,000,000 people.
 * A JavaScript Map keyed by numbers beyond 2^31 (heap numbers) costs several times more time and
 * memory than this open-addressing table on one typed array: key and line sit side by side
 * (16 bytes a slot, at most 2 slots per key), so a lookup touches one cache line.
 * Keys are hashed (not used as slots directly) so that no pattern of ids, however hostile, can
 * make the probes cluster.
 */
export class NumberLineMap {
  /** slot i: entries[2i] = key (0 = empty), entries[2i+1] = line. */
  private entries: Float64Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 1024;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.entries = new Float64Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Makes room for `expected` keys at once (e.g. the header's record count), sparing rehashes. */
  reserve(expected: number): void {
    while (expected * 2 > this.mask + 1) this.grow();
  }

  /** The line stored for `key` (a positive safe integer), or 0 when there is none. */
  get(key: number): number {
    const entries = this.entries;
    let i = slot(key) & this.mask;
    for (;;) {
      const k = entries[2 * i];
      if (k === key) return entries[2 * i + 1];
      if (k === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * The line already stored for `key`, or 0 after storing `line` (≥ 1) for it: one probe for the
   * "seen before?" question asked once per record.
   */
  getOrSet(key: number, line: number): number {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const entries = this.entries;
    let i = slot(key) & this.mask;
    for (;;) {
      const k = entries[2 * i];
      if (k === key) return entries[2 * i + 1];
      if (k === 0) {
        entries[2 * i] = key;
        entries[2 * i + 1] = line;
        this.count++;
        return 0;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.entries;
    this.entries = new Float64Array(old.length * 2);
    this.mask = old.length - 1; // new capacity (slots) = old.length
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.getOrSet(old[i], old[i + 1]);
  }
}

const RUN = 16;

/**
 * Slot of a key (an integer below 2^53). Ids in a file are often consecutive, so runs of RUN
 * consecutive keys keep consecutive slots (the next lookup is then in a cache line just touched);
 * the runs themselves are spread by a 32-bit mix of the rest of the key, so no id pattern can pile
 * keys onto the same slots any more than a run of RUN consecutive ids would.
 */
function slot(key: number): number {
  const block = Math.floor(key / RUN);
  const lo = block >>> 0;
  const hi = Math.floor(block / 4294967296);
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (Math.imul(h, RUN) + (key - block * RUN)) >>> 0;
}
