import { describe, expect, it } from 'vitest';
import { createResultStore } from '../src/index.ts';
import { fakeResult } from './support/fake-pipeline.ts';
import { sampleFragment } from './support/samples.ts';

const stored = (text: string) => ({
  result: fakeResult({ kind: 'fragmento', requestId: 'r', fragment: sampleFragment() }),
  text,
});

describe('createResultStore', () => {
  it('keeps the newest results up to maxEntries, dropping the oldest first', () => {
    const store = createResultStore({ maxEntries: 2 });
    store.put('a', stored('aaa'));
    store.put('b', stored('bbb'));
    store.put('c', stored('ccc'));
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')?.text).toBe('bbb');
    expect(store.get('c')?.text).toBe('ccc');
    expect(store.size).toBe(2);
  });

  it('bounds the characters of text kept and refuses a text larger than the bound', () => {
    const store = createResultStore({ maxChars: 10 });
    store.put('a', stored('x'.repeat(6)));
    store.put('b', stored('y'.repeat(6)));
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeDefined();
    store.put('huge', stored('z'.repeat(11)));
    expect(store.get('huge')).toBeUndefined();
    expect(store.get('b')).toBeDefined();
  });

  it('replacing a key does not count its text twice', () => {
    const store = createResultStore({ maxChars: 10 });
    store.put('a', stored('x'.repeat(6)));
    store.put('a', stored('x'.repeat(6)));
    store.put('b', stored('y'.repeat(4)));
    expect(store.get('a')).toBeDefined();
    expect(store.get('b')).toBeDefined();
  });
});
