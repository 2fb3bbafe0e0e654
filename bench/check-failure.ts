// npx tsx bench/check-failure.ts: shows that the bench fails a case whose route answers errors,
// with the real wrk against the real server: /status of an unknown job (a fast 404) measured
// against a plain route answering 200. Prints what `pnpm bench` would print for such a case and
// exits 0 only when the case was reported failed, with the error counts and no ratio.
import { join } from 'node:path';
import { createCaseRunner } from './support/cases.ts';
import { startChild } from './support/child.ts';
import { compare } from './support/compare.ts';
import type { Results } from './support/report.ts';
import { hasWrk } from './support/wrk.ts';

if (!(await hasWrk())) {
  console.error('wrk is not installed: `apt-get install -y wrk` (Debian) and run again.');
  process.exit(1);
}
const server = await startChild(join(import.meta.dirname, 'support/bench-server.ts'));
const base = `http://127.0.0.1:${server.ready.port as number}`;
const results: Results = {};
const cases = createCaseRunner(results, (line) => console.log(line));
try {
  await server.call({ cmd: 'setBaseline', key: 'ok', body: '{"ok":true}' });
  await cases.run('unknown_status', 'REST /status of an unknown job (answers 404)', async () => {
    const c = await compare(
      server,
      { ours: `${base}/status/no-such-job`, ref: `${base}/__baseline/json/ok` },
      { rounds: 1, seconds: 1 },
    );
    if (!c.ok) throw new Error(c.failure);
    return { unknown_status_ratio: c.ratio.median };
  });
} finally {
  await server.stop();
}
const failedWithCounts =
  cases.failed.includes('unknown_status') && /non-2xx responses/.test(String(results.failed_unknown_status));
const noRatio = !('unknown_status_ratio' in results);
console.log(
  failedWithCounts && noRatio
    ? 'check passed: the case failed, with its error counts and no ratio'
    : 'check FAILED: the 404 route got figures',
);
process.exitCode = failedWithCounts && noRatio ? 0 : 1;
