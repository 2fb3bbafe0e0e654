import type { WrkResult } from '../../support/wrk.ts';

/** A clean wrk run at the probes' steady rate; `fields` set what a test is about. */
export const wrkResult = (fields: Partial<WrkResult> = {}): WrkResult => ({
  rps: 400,
  requests: 4000,
  p50Ms: 0.3,
  p99Ms: 1,
  non2xx: 0,
  connect: 0,
  read: 0,
  write: 0,
  timeout: 0,
  ...fields,
});
