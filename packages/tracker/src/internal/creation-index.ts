/**
 * Job ids in creation order, for newest-first listing and cursor paging without sorting.
 * Two parallel arrays: the ordinals (ascending, for binary search) and the ids, where a removed
 * job leaves a hole. Holes are compacted away once they outnumber the live ids, so removal is
 * O(log n) amortised and memory stays within twice the live count.
 */
export class CreationIndex {
  #orders: number[] = [];
  #ids: (string | null)[] = [];
  #start = 0;
  #holes = 0;

  get size(): number {
    return this.#ids.length - this.#holes;
  }

  /** `order` must be larger than every order added before. */
  add(order: number, id: string): void {
    this.#orders.push(order);
    this.#ids.push(id);
  }

  remove(order: number): void {
    const at = this.#find(order);
    if (at < 0 || this.#ids[at] === null) return;
    this.#ids[at] = null;
    this.#holes++;
    while (this.#start < this.#ids.length && this.#ids[this.#start] === null) this.#start++;
    while (this.#ids.length > 0 && this.#ids[this.#ids.length - 1] === null) {
      this.#ids.pop();
      this.#orders.pop();
      this.#holes--;
    }
    if (this.#start > this.#ids.length) this.#start = this.#ids.length;
    if (this.#holes > 1024 && this.#holes > this.size) this.#compact();
  }

  oldest(): string | null {
    return this.#start < this.#ids.length ? this.#ids[this.#start]! : null;
  }

  newest(): string | null {
    return this.#ids.length > this.#start ? this.#ids[this.#ids.length - 1]! : null;
  }

  /** Ids created before `beforeOrder` (all when undefined), newest first, while `visit` returns true. */
  forEachNewestFirst(beforeOrder: number | undefined, visit: (id: string) => boolean): void {
    let at = beforeOrder === undefined ? this.#ids.length - 1 : this.#lastBelow(beforeOrder);
    for (; at >= this.#start; at--) {
      const id = this.#ids[at];
      if (id != null && !visit(id)) return;
    }
  }

  #find(order: number): number {
    // Retention removes jobs roughly in creation order, so most removals hit the front: no
    // binary search there (at a million ids its scattered reads dominate a sweep).
    if (this.#orders[this.#start] === order) return this.#start;
    const at = this.#lastBelow(order + 1);
    return at >= this.#start && this.#orders[at] === order ? at : -1;
  }

  /** Index of the last ordinal below `order`, or start - 1. */
  #lastBelow(order: number): number {
    let lo = this.#start;
    let hi = this.#orders.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#orders[mid]! < order) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  #compact(): void {
    const orders: number[] = [];
    const ids: string[] = [];
    for (let i = this.#start; i < this.#ids.length; i++) {
      const id = this.#ids[i];
      if (id != null) {
        orders.push(this.#orders[i]!);
        ids.push(id);
      }
    }
    this.#orders = orders;
    this.#ids = ids;
    this.#start = 0;
    this.#holes = 0;
  }
}
