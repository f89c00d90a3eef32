/**
 * Counting the most frequent keys of a stream in bounded memory: the Space-Saving
 * algorithm (Metwally, Agrawal and El Abbadi, "Efficient computation of frequent
 * and top-k elements in data streams", ICDT 2005).
 *
 * Up to `capacity` distinct keys every count is exact. Past that, a new key takes
 * the place of the entry with the smallest count m and starts at m + 1 with
 * `error` m. Then, with `total` keys counted so far:
 * - every count is an upper bound: the true count lies in [count - error, count];
 * - error <= total / capacity for every entry;
 * - every key seen more than total / capacity times is still held.
 * Entries that were never displaced keep error 0 and an exact count.
 */

export interface Counted<T> {
  key: string;
  /** Times the key was counted, plus `error`. */
  count: number;
  /** How much of `count` may belong to keys this entry displaced (0: exact). */
  error: number;
  /** Per-key data kept alongside the count (reset when the entry is displaced). */
  data: T;
  /** Index in the heap. */
  slot: number;
}

export class SpaceSavingCounter<T> {
  private readonly entries = new Map<string, Counted<T>>();
  /** Min-heap on count: the root is the entry a new key displaces. */
  private readonly heap: Counted<T>[] = [];
  /** Keys counted, including repeats. */
  total = 0;
  /** Some key was displaced: counts may be over by their `error`, and `size` is a lower bound on the distinct keys. */
  overflowed = false;

  constructor(
    readonly capacity: number,
    private readonly freshData: () => T,
    private readonly resetData: (data: T) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer (got ${capacity})`);
  }

  /** Counts one occurrence of `key` and returns its entry. */
  add(key: string): Counted<T> {
    this.total += 1;
    let entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.count += 1;
      this.siftDown(entry.slot);
      return entry;
    }
    if (this.heap.length < this.capacity) {
      entry = { key, count: 1, error: 0, data: this.freshData(), slot: this.heap.length };
      this.heap.push(entry);
      this.entries.set(key, entry);
      this.siftUp(entry.slot);
      return entry;
    }
    entry = this.heap[0] as Counted<T>;
    this.entries.delete(entry.key);
    this.overflowed = true;
    entry.key = key;
    entry.error = entry.count;
    entry.count += 1;
    this.resetData(entry.data);
    this.entries.set(key, entry);
    this.siftDown(0);
    return entry;
  }

  get(key: string): Counted<T> | undefined {
    return this.entries.get(key);
  }

  /** Distinct keys held (all distinct keys seen unless `overflowed`). */
  get size(): number {
    return this.heap.length;
  }

  /** The entries held, in no particular order. */
  values(): IterableIterator<Counted<T>> {
    return this.entries.values();
  }

  private less(a: Counted<T>, b: Counted<T>): boolean {
    return a.count < b.count;
  }

  private place(entry: Counted<T>, slot: number): void {
    this.heap[slot] = entry;
    entry.slot = slot;
  }

  private siftUp(start: number): void {
    const entry = this.heap[start] as Counted<T>;
    let slot = start;
    while (slot > 0) {
      const parentSlot = (slot - 1) >> 1;
      const parent = this.heap[parentSlot] as Counted<T>;
      if (!this.less(entry, parent)) break;
      this.place(parent, slot);
      slot = parentSlot;
    }
    this.place(entry, slot);
  }

  private siftDown(start: number): void {
    const entry = this.heap[start] as Counted<T>;
    const size = this.heap.length;
    let slot = start;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.less(this.heap[right] as Counted<T>, this.heap[left] as Counted<T>) ? right : left;
      const smaller = this.heap[child] as Counted<T>;
      if (!this.less(smaller, entry)) break;
      this.place(smaller, slot);
      slot = child;
    }
    this.place(entry, slot);
  }
}
