// Messages between bench/run.ts and its child processes (IPC).
export type BenchCommand =
  | { cmd: 'setBaseline'; key: string; body: string }
  | { cmd: 'seedProcessing'; count: number }
  | { cmd: 'updates'; ids: string[]; ratePerSec: number; durationMs: number }
  | { cmd: 'memory' }
  | { cmd: 'cpu' }
  | { cmd: 'loopDelay' }
  | { cmd: 'gcPauses' }
  | { cmd: 'resetPeak' }
  | { cmd: 'stop' };

export type BenchReply = { ok: true; [key: string]: unknown } | { ok: false; error: string };
