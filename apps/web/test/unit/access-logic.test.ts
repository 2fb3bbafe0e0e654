import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { accessProblemOf, createAccessMonitor } from '../../src/access/access-monitor.ts';
import { createApiKeyStore, type KeyStorage } from '../../src/access/api-key-store.ts';
import { hrefOf, parseRoute } from '../../src/routing/route.ts';

/** sessionStorage's part the store uses, over a Map (Node 20 has no sessionStorage). */
function memoryStorage(): KeyStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const trpcError = (code: string, message = 'm') =>
  TRPCClientError.from({ error: { code: -32001, message, data: { code, httpStatus: 401 } } });

describe('read-token routes', () => {
  it('reads the token of a shared job link and writes it back encoded', () => {
    const token = 'rt1.abc_DEF-1.x+y/z=';
    const href = hrefOf({ view: 'trabajo', jobId: 'req_abc', token });
    expect(href).toBe(`#/trabajo/req_abc?token=${encodeURIComponent(token)}`);
    expect(parseRoute(href)).toEqual({ view: 'trabajo', jobId: 'req_abc', token });
    expect(parseRoute('#/trabajo/req_abc?token=')).toEqual({ view: 'trabajo', jobId: 'req_abc' });
    expect(parseRoute('#/trabajo/req_abc?otra=1')).toEqual({ view: 'trabajo', jobId: 'req_abc' });
    expect(parseRoute('#/trabajos?token=x')).toEqual({ view: 'trabajos' });
  });
});

describe('createApiKeyStore', () => {
  it('keeps a trimmed key in the given storage, tells listeners, and clears it', () => {
    const storage = memoryStorage();
    const keys = createApiKeyStore(storage);
    let calls = 0;
    const unsubscribe = keys.subscribe(() => (calls += 1));
    expect(keys.get()).toBeNull();
    keys.set('  clave-1  ');
    expect(keys.get()).toBe('clave-1');
    expect([...storage.items]).toEqual([['noticias.apiKey', 'clave-1']]);
    keys.set('   ');
    expect(keys.get()).toBe('clave-1');
    keys.clear();
    expect(keys.get()).toBeNull();
    expect(storage.items.size).toBe(0);
    expect(calls).toBe(2);
    unsubscribe();
    keys.set('clave-2');
    expect(calls).toBe(2);
  });
});

describe('access problems', () => {
  it('takes 401 and 403 answers only, once each', () => {
    expect(accessProblemOf(trpcError('UNAUTHORIZED', 'Falta la clave'))).toEqual({
      status: 401,
      message: 'Falta la clave',
    });
    expect(accessProblemOf(trpcError('FORBIDDEN'))?.status).toBe(403);
    expect(accessProblemOf(trpcError('NOT_FOUND'))).toBeNull();
    expect(accessProblemOf(new Error('red caída'))).toBeNull();

    const monitor = createAccessMonitor();
    let calls = 0;
    monitor.subscribe(() => (calls += 1));
    monitor.report(trpcError('NOT_FOUND'));
    expect(monitor.get()).toBeNull();
    monitor.report(trpcError('UNAUTHORIZED'));
    monitor.report(trpcError('UNAUTHORIZED'));
    expect(monitor.get()?.status).toBe(401);
    expect(calls).toBe(1);
  });
});
