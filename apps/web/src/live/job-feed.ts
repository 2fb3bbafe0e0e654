import type { JobSnapshot, JobStatus, NoticiasClient } from '@noticias/client';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface JobFeedState {
  /** Every known job, newest first (by `created_at`). */
  jobs: readonly JobSnapshot[];
  counts: Record<JobStatus, number>;
  connection: ConnectionState;
  /** Increments with each (re)connection, after its reload through `listJobs`. */
  generation: number;
  /** `updated_at` (ms) of jobs seen reaching `completed`, for the articles-per-minute chart. */
  completions: readonly number[];
}

// Function properties, not methods: React takes getState and subscribe detached from the feed.
export interface JobFeed {
  getState: () => JobFeedState;
  subscribe: (listener: () => void) => () => void;
  stop: () => void;
}

export interface JobFeedOptions {
  /** listJobs page size (the server allows up to 500). */
  pageSize?: number;
  /** Most jobs loaded on (re)connect; the live stream adds any newer ones. */
  maxJobs?: number;
  /** How the store batches renders; a frame in the browser. */
  schedule?: (flush: () => void) => void;
  /** How often the counts are checked against the server's `stats` (0: never). */
  reconcileEveryMs?: number;
}

const RANK: Record<JobStatus, number> = { pending: 0, processing: 1, completed: 2, failed: 2 };

/** Keeps the later of two views of one job: final states win, then the later update. */
function newer(a: JobSnapshot, b: JobSnapshot): boolean {
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] > RANK[b.status];
  return a.updated_at >= b.updated_at;
}

const byNewest = (a: JobSnapshot, b: JobSnapshot): number =>
  a.created_at === b.created_at ? (a.job_id < b.job_id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1;

/**
 * Every job as the server reports it: `onJobs` for changes, and `listJobs` pages each time the
 * stream (re)connects, since `onJobs` does not replay what was missed. Updates are applied to a
 * map at once and published at most once per frame, so a burst of hundreds of updates per
 * second costs one render per frame.
 */
export function createJobFeed(client: NoticiasClient, options: JobFeedOptions = {}): JobFeed {
  const pageSize = options.pageSize ?? 500;
  const maxJobs = options.maxJobs ?? 10_000;
  const schedule = options.schedule ?? ((flush) => requestAnimationFrame(flush));
  const reconcileEveryMs = options.reconcileEveryMs ?? 5_000;
  const byId = new Map<string, JobSnapshot>();
  const listeners = new Set<() => void>();
  let completions: number[] = [];
  let connection: ConnectionState = 'connecting';
  let generation = 0;
  let sorted: JobSnapshot[] = [];
  let order = new Map<string, number>();
  let added = false;
  let dirty = false;
  let scheduled = false;
  let stopped = false;
  let state = snapshotState();

  function snapshotState(): JobFeedState {
    const counts: Record<JobStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
    for (const job of sorted) counts[job.status] += 1;
    return { jobs: sorted, counts, connection, generation, completions };
  }

  function flush(): void {
    scheduled = false;
    if (!dirty || stopped) return;
    dirty = false;
    if (added) {
      sorted = [...byId.values()].sort(byNewest);
      order = new Map(sorted.map((job, i) => [job.job_id, i]));
      added = false;
    } else {
      // Only existing jobs changed: replace them in place, order unchanged.
      sorted = sorted.map((job) => byId.get(job.job_id) ?? job);
    }
    state = snapshotState();
    for (const listener of listeners) listener();
  }

  function markDirty(): void {
    dirty = true;
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  }

  function apply(job: JobSnapshot, live: boolean): void {
    const known = byId.get(job.job_id);
    if (known && !newer(job, known)) return;
    if (live && job.status === 'completed' && known?.status !== 'completed') {
      completions = [...completions, Date.parse(job.updated_at)];
    }
    byId.set(job.job_id, job);
    if (!order.has(job.job_id)) added = true;
    markDirty();
  }

  async function reload(): Promise<void> {
    let cursor: string | null = null;
    let loaded = 0;
    const finishedTimes: number[] = [];
    const listed = new Set<string>();
    const startedAt = new Date().toISOString();
    do {
      const page: Awaited<ReturnType<NoticiasClient['listJobs']['query']>> = await client.listJobs.query({
        limit: pageSize,
        cursor,
      });
      if (stopped) return;
      for (const job of page.items) {
        listed.add(job.job_id);
        if (job.status === 'completed') finishedTimes.push(Date.parse(job.updated_at));
        apply(job, false);
      }
      loaded += page.items.length;
      cursor = page.nextCursor;
    } while (cursor && loaded < maxJobs);
    if (!cursor) {
      // The whole list was read: jobs it lacks have expired on the server, unless they were
      // created while it was being read (those came through the stream).
      for (const [id, job] of byId) {
        if (!listed.has(id) && job.created_at < startedAt) {
          byId.delete(id);
          added = true;
        }
      }
    }
    // The list is the authority on what finished before this connection.
    const seen = new Set(completions);
    completions = [...completions, ...finishedTimes.filter((t) => !seen.has(t))].sort((a, b) => a - b);
    connection = 'live';
    generation += 1;
    markDirty();
  }

  const subscription = client.onJobs.subscribe(undefined, {
    onStarted() {
      reload().catch(() => {
        // The stream reconnects on its own and calls onStarted again; a failed reload waits for it.
      });
    },
    onData(event) {
      apply(event.snapshot, true);
    },
    onConnectionStateChange(change) {
      if (change.state === 'connecting' && connection === 'live') {
        connection = 'reconnecting';
        markDirty();
      }
    },
    onError() {
      connection = 'reconnecting';
      markDirty();
    },
  });

  // The server's fan-out keeps only the latest frame for a subscriber that falls behind (right
  // for one job's status, lossy for the stream of every job), and expired jobs send no event:
  // counts that disagree with the server's mean the list is stale, so it is read again.
  let reconciling = false;
  const reconcileTimer =
    reconcileEveryMs > 0
      ? setInterval(() => {
          if (reconciling || connection !== 'live') return;
          reconciling = true;
          client.stats
            .query()
            .then(async (stats) => {
              const counts = snapshotState().counts;
              const stale = (Object.keys(counts) as JobStatus[]).some((s) => counts[s] !== stats.jobs.counts[s]);
              if (stale && stats.jobs.total <= maxJobs) await reload();
            })
            .catch(() => undefined)
            .finally(() => {
              reconciling = false;
            });
        }, reconcileEveryMs)
      : undefined;

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      clearInterval(reconcileTimer);
      subscription.unsubscribe();
      listeners.clear();
    },
  };
}
