import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';
import { startPair } from './support/fast-pair.ts';

describe('TRPC_FAST_PATHS and SSE_MAX_DURATION_MS', () => {
  it('fast paths are on unless TRPC_FAST_PATHS=false; streams end after 30 minutes by default, never with 0', () => {
    expect(parseConfig({})).toMatchObject({ trpcFastPaths: true, sseMaxDurationMs: 30 * 60_000 });
    expect(parseConfig({ SSE_MAX_DURATION_MS: '0' })).toMatchObject({ sseMaxDurationMs: 0 });
    expect(parseConfig({ TRPC_FAST_PATHS: 'false', SSE_MAX_DURATION_MS: '30000' })).toMatchObject({
      trpcFastPaths: false,
      sseMaxDurationMs: 30_000,
    });
    expect(parseConfig({ TRPC_FAST_PATHS: '' }).trpcFastPaths).toBe(true);
  });

  it.each([
    ['TRPC_FAST_PATHS', 'yes'],
    ['SSE_MAX_DURATION_MS', '-1'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('TRPC_FAST_PATHS=false registers no fast route: every tRPC request is the plugin’s', async () => {
    const pair = await startPair();
    try {
      const routes = await Promise.all(
        [pair.fast, pair.official].map(async (base) =>
          (await fetch(`${base}/trpc/getStatus`, { method: 'GET' })).headers.get('content-length'),
        ),
      );
      // Answered by the fast route: a plain body with its length; by the adapter: a streamed one.
      expect(routes[0]).not.toBeNull();
      expect(routes[1]).toBeNull();
    } finally {
      await pair.close();
    }
  });
});
