import { sampleArticle } from './samples.ts';

// cancel_p99_ms: from sending POST /status/{id}/cancel to the job's `failed` state, for jobs
// that are processing, measured from outside over HTTP: the cancel, then `?wait=` which
// answers the moment the job has its final state. The reference is the same two requests on a
// job that has already finished (what the HTTP round trips alone cost on this machine now).

interface CancelSample {
  ms: number;
  phase: string | null;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round = (n: number) => Number(n.toFixed(1));

function bigArticle(chars: number): Record<string, unknown> {
  const base = sampleArticle('02-incendio-es.json');
  const paragraph = `${String(base.contenido_texto)}\n\n`;
  return { ...base, contenido_texto: paragraph.repeat(Math.ceil(chars / paragraph.length)).slice(0, chars) };
}

async function json(
  url: string,
  init?: RequestInit,
): Promise<{
  status: number;
  body: { job_id?: string; data?: { status: string; progress: { phase?: string }; error?: { tipo: string } } };
}> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as never };
}

async function submit(base: string, article: Record<string, unknown>): Promise<string> {
  const { status, body } = await json(`${base}/procesar_articulo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', prefer: 'respond-async' },
    body: JSON.stringify(article),
  });
  if (status !== 202 || !body.job_id) throw new Error(`submission answered ${status}`);
  return body.job_id;
}

/** Polls the status until `test` holds (the bench's own pacing, not part of the figure). */
async function until(
  base: string,
  jobId: string,
  test: (data: { status: string; progress: { phase?: string } }) => boolean,
): Promise<boolean> {
  for (let i = 0; i < 20_000; i++) {
    const { body } = await json(`${base}/status/${jobId}`);
    if (body.data && test(body.data)) return true;
    if (body.data?.status === 'completed' || body.data?.status === 'failed') return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}

async function cancelAndWait(
  base: string,
  jobId: string,
): Promise<{ ms: number; tipo: string | undefined; cancelStatus: number }> {
  const t0 = performance.now();
  const cancel = await fetch(`${base}/status/${jobId}/cancel`, { method: 'POST' });
  await cancel.arrayBuffer();
  const { body } = await json(`${base}/status/${jobId}?wait=30`);
  return { ms: performance.now() - t0, tipo: body.data?.error?.tipo, cancelStatus: cancel.status };
}

async function variant(base: string, article: Record<string, unknown>, phase: string | null, count: number) {
  const samples: CancelSample[] = [];
  let errors = 0;
  let missed = 0;
  for (let i = 0; i < count; i++) {
    const jobId = await submit(base, article);
    const caught = await until(
      base,
      jobId,
      (data) => data.status === 'processing' && (phase === null || data.progress.phase === phase),
    );
    if (!caught) {
      missed++;
      continue;
    }
    const { ms, tipo, cancelStatus } = await cancelAndWait(base, jobId);
    if (cancelStatus === 409) missed++;
    else if (cancelStatus !== 202 || tipo !== 'cancelled') errors++;
    else samples.push({ ms, phase });
  }
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    n: samples.length,
    errors,
    missed,
  };
}

export async function runCancelCase(opts: { base: string; quick: boolean; log: (line: string) => void }) {
  const { base, quick, log } = opts;
  const count = quick ? 8 : 40;
  // The reference: cancel-then-wait's two round trips on a finished job (409, then an at-once ?wait).
  const finished = await submit(base, sampleArticle());
  await until(base, finished, (data) => data.status === 'completed');
  const reference: number[] = [];
  for (let i = 0; i < count; i++) reference.push((await cancelAndWait(base, finished)).ms);
  reference.sort((a, b) => a - b);
  const refP99 = percentile(reference, 99);

  const processing = await variant(base, bigArticle(50_000), null, count);
  const midExtraction = await variant(base, bigArticle(500_000), 'extraccion', count);
  const errors = processing.errors + midExtraction.errors;
  if (errors > 0) throw new Error(`${errors} cancels did not end their job as cancelled`);
  if (processing.n === 0 || midExtraction.n === 0) throw new Error('no processing job could be caught to cancel');
  log(
    `cancel -> failed, processing jobs (50 KB): p50 ${round(processing.p50)} ms, p99 ${round(processing.p99)} ms (n ${processing.n}, missed ${processing.missed}); ` +
      `500 KB mid-extraction: p50 ${round(midExtraction.p50)} ms, p99 ${round(midExtraction.p99)} ms (n ${midExtraction.n}, missed ${midExtraction.missed}); ` +
      `the same two requests on a finished job: p99 ${round(refP99)} ms -> ${round(processing.p99 / refP99)}x / ${round(midExtraction.p99 / refP99)}x`,
  );
  return {
    cancel_p99_ms: round(processing.p99),
    cancel_p50_ms: round(processing.p50),
    cancel_500kb_extraction_p99_ms: round(midExtraction.p99),
    cancel_reference_p99_ms: round(refP99),
    cancel_ratio: round(processing.p99 / refP99),
    cancel_500kb_ratio: round(midExtraction.p99 / refP99),
    cancel_samples: processing.n + midExtraction.n,
  };
}
