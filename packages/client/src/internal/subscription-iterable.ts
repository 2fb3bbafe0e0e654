/** Where a callback-style subscription delivers. Calls after `error` or `complete` are ignored. */
export interface SubscriptionSink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

export interface Unsubscribable {
  unsubscribe(): void;
}

/**
 * Turns a callback-style subscription into an async iterable. The subscription opens on the
 * first `next()` and closes when the loop ends, breaks, throws or `signal` aborts (the loop
 * then throws `signal.reason`). Values arrive in order; the buffer is unbounded because a job
 * has a handful of events, and the server side bounds what a slow reader can pile up.
 */
export async function* iterateSubscription<T>(
  open: (sink: SubscriptionSink<T>) => Unsubscribable,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  signal?.throwIfAborted();
  const buffer: T[] = [];
  // One object mutated by the callbacks: TypeScript does not see closures reassign a `let`.
  const state: { done: boolean; failure?: { error: unknown } } = { done: false };
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const subscription = open({
    next(value) {
      if (state.done) return;
      buffer.push(value);
      notify();
    },
    error(error) {
      if (state.done) return;
      state.done = true;
      state.failure = { error };
      notify();
    },
    complete() {
      if (state.done) return;
      state.done = true;
      notify();
    },
  });
  signal?.addEventListener('abort', notify);

  try {
    for (;;) {
      // Values delivered before an error or completion are still handed out first.
      if (buffer.length > 0) {
        yield buffer.shift() as T;
        continue;
      }
      signal?.throwIfAborted();
      if (state.done) {
        if (state.failure) throw state.failure.error;
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    subscription.unsubscribe();
  }
}
