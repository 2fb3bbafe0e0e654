import type { JobSnapshot } from '@noticias/contract';
import { fitToWidth, renderProgressBar, stepKey } from './progress-bar.ts';

export interface CliOutput {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  update(snapshot: JobSnapshot): void;
  /** Ends the live line so that what follows starts on its own row. */
  finish(): void;
}

/**
 * A terminal gets one bar redrawn in place; anything else (a pipe, a log file, CI) gets one
 * line per status or phase change.
 */
export function createProgressReporter(out: CliOutput): ProgressReporter {
  let lastKey: string | undefined;
  let drawn = false;
  if (out.isTTY) {
    return {
      update(snapshot) {
        out.write(`\r\x1b[2K${fitToWidth(renderProgressBar(snapshot), out.columns)}`);
        drawn = true;
      },
      finish() {
        if (drawn) out.write('\n');
        drawn = false;
      },
    };
  }
  return {
    update(snapshot) {
      const key = stepKey(snapshot);
      if (key === lastKey) return;
      lastKey = key;
      out.write(`${renderProgressBar(snapshot)}\n`);
    },
    finish() {},
  };
}
