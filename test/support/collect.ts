// Reading a job's events to the end. Typed by shape, not by the tracker package, so any
// package's tests can use it without depending on the tracker.

/** Reads until the iterable ends (or `max` items), returning what it got. */
export async function collect<T>(iterable: AsyncIterable<T>, max = Infinity): Promise<T[]> {
  const items: T[] = [];
  if (max <= 0) return items;
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= max) break;
  }
  return items;
}

export interface SnapshotSource<S> {
  subscribe(id: string, options: { afterSeq: number }): AsyncIterable<{ snapshot: S }>;
}

/** Every snapshot of a job from its first, through the tracker's replay (no polling), until it ends. */
export async function history<S>(tracker: SnapshotSource<S>, jobId: string): Promise<S[]> {
  return (await collect(tracker.subscribe(jobId, { afterSeq: 0 }))).map((event) => event.snapshot);
}
