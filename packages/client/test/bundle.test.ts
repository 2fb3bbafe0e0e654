import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// What a frontend or a script ships when it imports the client. The client may only import
// `type AppRouter` from the API; a runtime import of server code would drag it in here.
const root = join(import.meta.dirname, '..');

// @trpc/client itself runs parts of @trpc/server (observable, error codes, the SSE reader), so
// the check is on the server side of it: adapters, routers and procedure builders.
const SERVER_CODE = [
  /node_modules\/fastify\//,
  /node_modules\/@fastify\//,
  /@trpc\/server\/dist\/adapters\//,
  /@trpc\/server\/dist\/initTRPC-/,
  /packages\/(api|tracker|pipeline)\//,
  /node_modules\/(zod|pino|piscina|openai)\//,
];

async function bundle(entry: string, platform: 'browser' | 'node') {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    minify: true,
    metafile: true,
    outfile: 'out.js',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return { bytes: output.bytes, shipped: shippedInputs(output), inputs: Object.keys(result.metafile.inputs) };
}

/** Inputs that put at least one byte into the bundle (reachable but tree-shaken files don't count). */
function shippedInputs(output: Metafile['outputs'][string]): string[] {
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

describe('client bundle', () => {
  it('the browser entry ships no server code and no eventsource polyfill', async () => {
    const { shipped, inputs } = await bundle('src/index.ts', 'browser');
    expect(shipped.some((path) => path.includes('@trpc/client'))).toBe(true);
    expect(shipped.some((path) => path.includes('superjson'))).toBe(true);
    for (const pattern of SERVER_CODE)
      expect(
        shipped.filter((path) => pattern.test(path)),
        String(pattern),
      ).toEqual([]);
    // Not even reachable: nothing imports the API, tracker or pipeline at runtime.
    expect(inputs.filter((path) => /packages\/(api|tracker|pipeline)\//.test(path))).toEqual([]);
    expect(inputs.filter((path) => path.includes('eventsource'))).toEqual([]);
  });

  it('the Node entry adds the eventsource package and still no server code', async () => {
    const { shipped } = await bundle('src/node.ts', 'node');
    expect(shipped.some((path) => path.includes('node_modules/eventsource/'))).toBe(true);
    for (const pattern of SERVER_CODE)
      expect(
        shipped.filter((path) => pattern.test(path)),
        String(pattern),
      ).toEqual([]);
  });
});
