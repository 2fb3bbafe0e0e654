import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivitySink, IdlePings } from '../src/rest/idle-pings.ts';

function member(pings: IdlePings) {
  const written: string[] = [];
  const response = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const sink = new ActivitySink(response as unknown as ServerResponse);
  const forget = pings.add(sink, () => sink.write(': ping\n\n'));
  return { sink, forget, pings: () => written.filter((frame) => frame === ': ping\n\n').length };
}

describe('IdlePings (REST live-status keep-alives)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pings a stream that carried nothing once per interval, and never one that carries updates', async () => {
    const pings = new IdlePings(1000);
    const idle = member(pings);
    const busy = member(pings);
    for (let t = 0; t < 10; t++) {
      busy.sink.write('data: {}\n\n');
      await vi.advanceTimersByTimeAsync(400);
    }
    // 4 s: looks every 500 ms, an idle stream is pinged on every other look.
    expect(idle.pings()).toBe(4);
    expect(busy.pings()).toBe(0);
    pings.close();
  });

  it('spreads the pings that are due over turns of the event loop, and skips streams gone meanwhile', async () => {
    const pings = new IdlePings(1000);
    const members = Array.from({ length: 1000 }, () => member(pings));
    await vi.advanceTimersByTimeAsync(500);
    // The first turn pinged a few hundred; the rest wait for the next turns.
    const first = members.filter((m) => m.pings() === 1).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(1000);
    members.at(-1)!.forget();
    await vi.runOnlyPendingTimersAsync();
    expect(members.slice(0, -1).every((m) => m.pings() === 1)).toBe(true);
    expect(members.at(-1)!.pings()).toBe(0);
    expect(pings.size).toBe(999);
    pings.close();
  });
});
