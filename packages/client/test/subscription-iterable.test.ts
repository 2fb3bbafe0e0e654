import { describe, expect, it } from 'vitest';
import { iterateSubscription, type SubscriptionSink } from '../src/internal/subscription-iterable.ts';

/** A subscription the test drives by hand. */
function manual<T>() {
  const state = { sink: undefined as SubscriptionSink<T> | undefined, unsubscribed: 0, opened: 0 };
  const open = (sink: SubscriptionSink<T>) => {
    state.opened += 1;
    state.sink = sink;
    return { unsubscribe: () => void (state.unsubscribed += 1) };
  };
  return { state, open };
}

describe('iterateSubscription', () => {
  it('opens lazily, yields values in order, including ones sent before completion, then ends', async () => {
    const { state, open } = manual<number>();
    const iterable = iterateSubscription(open);
    expect(state.opened).toBe(0);
    const first = iterable.next();
    state.sink!.next(1);
    expect(await first).toEqual({ done: false, value: 1 });
    state.sink!.next(2);
    state.sink!.next(3);
    state.sink!.complete();
    state.sink!.next(4); // after completion: ignored
    const rest: number[] = [];
    for await (const value of iterable) rest.push(value);
    expect(rest).toEqual([2, 3]);
    expect(state.unsubscribed).toBe(1);
  });

  it('throws the error after the values that preceded it', async () => {
    const { state, open } = manual<string>();
    const seen: string[] = [];
    const consuming = (async () => {
      for await (const value of iterateSubscription(open)) seen.push(value);
    })();
    await Promise.resolve();
    state.sink!.next('a');
    state.sink!.error(new Error('boom'));
    await expect(consuming).rejects.toThrow('boom');
    expect(seen).toEqual(['a']);
    expect(state.unsubscribed).toBe(1);
  });

  it('unsubscribes when the consumer breaks out early', async () => {
    const { state, open } = manual<number>();
    const consuming = (async () => {
      for await (const value of iterateSubscription(open)) if (value === 2) break;
    })();
    await Promise.resolve();
    state.sink!.next(1);
    state.sink!.next(2);
    await consuming;
    expect(state.unsubscribed).toBe(1);
  });

  it('rejects a waiting consumer with the abort reason and unsubscribes', async () => {
    const { state, open } = manual<number>();
    const controller = new AbortController();
    const consuming = (async () => {
      for await (const _ of iterateSubscription(open, controller.signal)) {
        // nothing arrives
      }
    })();
    await Promise.resolve();
    expect(state.opened).toBe(1);
    controller.abort(new Error('stop'));
    await expect(consuming).rejects.toThrow('stop');
    expect(state.unsubscribed).toBe(1);
  });

  it('never opens when the signal is already aborted', async () => {
    const { state, open } = manual<number>();
    await expect(iterateSubscription(open, AbortSignal.abort(new Error('early'))).next()).rejects.toThrow('early');
    expect(state.opened).toBe(0);
  });
});
