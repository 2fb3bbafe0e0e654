const MIN_CAPACITY = 16;

/**
 * A FIFO of (slot, time) pairs in two typed-array rings: 12 bytes per item, no object per item,
 * and reading the front never leaves the rings. The store keeps finished jobs here in finish
 * order, so a sweep checks each job's finish time and finds its slot without touching the job's
 * record. The rings double when full and are never shrunk: they are sized for the most items
 * held at once.
 */
export class SlotQueue {
  #slots = new Int32Array(MIN_CAPACITY);
  #times = new Float64Array(MIN_CAPACITY);
  #head = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** `slot` must be a non-negative int32. */
  push(slot: number, time = 0): void {
    if (this.#size === this.#slots.length) this.#grow();
    const at = (this.#head + this.#size) & (this.#slots.length - 1);
    this.#slots[at] = slot;
    this.#times[at] = time;
    this.#size++;
  }

  /** The front item's slot, or -1 when empty. */
  peekSlot(): number {
    return this.#size === 0 ? -1 : this.#slots[this.#head]!;
  }

  /** The front item's time, or NaN when empty (so that every comparison with it is false). */
  peekTime(): number {
    return this.#size === 0 ? Number.NaN : this.#times[this.#head]!;
  }

  /** Drops the front item and returns its slot, or -1 when empty. */
  shift(): number {
    if (this.#size === 0) return -1;
    const slot = this.#slots[this.#head]!;
    this.#head = (this.#head + 1) & (this.#slots.length - 1);
    this.#size--;
    return slot;
  }

  #grow(): void {
    const capacity = this.#slots.length;
    const slots = new Int32Array(capacity * 2);
    const times = new Float64Array(capacity * 2);
    // Unwrap: the items from head to the end of the ring, then those wrapped to its start.
    slots.set(this.#slots.subarray(this.#head));
    slots.set(this.#slots.subarray(0, this.#head), capacity - this.#head);
    times.set(this.#times.subarray(this.#head));
    times.set(this.#times.subarray(0, this.#head), capacity - this.#head);
    this.#slots = slots;
    this.#times = times;
    this.#head = 0;
  }
}
