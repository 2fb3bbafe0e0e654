import type { FastPathMeta, ShareKey } from '@noticias/api';
import type { AnyProcedure } from '@trpc/server';
import { getParseFn } from '@trpc/server/unstable-core-do-not-import';
import type { SseFanout } from './sse-fanout.ts';

/**
 * Running SSE streams that later subscribers of the same key may join, for the subscriptions
 * declared shareable: those whose events depend on the parsed input and on what the caller may
 * see (`viewOf` its context), and that begin with the current state (onStatus: every subscriber of a job gets the
 * job's latest snapshot, then each change).
 *
 * A subscriber joins a running stream, instead of calling the procedure, when it resumes from
 * nothing (it first gets the stream's latest value, the current state) or from exactly the
 * stream's latest id (it just waits for the next change). Anything else (an older id to replay,
 * input the parser refuses, no running stream) calls the procedure, whose stream becomes
 * joinable if it started from nothing.
 */
export class SharedStreams {
  readonly #keyFns = new Map<
    string,
    { parse: (input: unknown) => unknown; keyOf: (parsedInput: unknown) => ShareKey }
  >();
  readonly #running = new Map<string, SseFanout>();
  readonly #viewOf: ((ctx: unknown) => string) | undefined;

  /**
   * Throws when a declaration does not fit its procedure: sharing by a key from input of another
   * shape would mix streams. `viewOf` names what a caller's context may see: a joiner is never
   * checked by the procedure, so only callers with the same view share a stream (the stream's
   * first subscriber passed the check, and a later one with the same view would pass it too).
   */
  constructor(
    procedures: ReadonlyMap<string, AnyProcedure>,
    hints: ReadonlyMap<string, FastPathMeta>,
    viewOf?: (ctx: unknown) => string,
  ) {
    this.#viewOf = viewOf;
    for (const [path, hint] of hints) {
      if (!hint.share) continue;
      const def = procedures.get(path)?._def as { type?: string; inputs?: unknown[] } | undefined;
      // One input parser, the declared one, run as tRPC would run it.
      if (def?.type !== 'subscription' || def.inputs?.length !== 1 || def.inputs[0] !== hint.share.input) {
        throw new Error(
          `fast tRPC routes: ${path} declares \`share\`, but is not a subscription whose only input parser is the declared one`,
        );
      }
      this.#keyFns.set(path, {
        parse: getParseFn(def.inputs[0] as Parameters<typeof getParseFn>[0]),
        keyOf: hint.share.keyOf,
      });
    }
  }

  async keyOf(path: string, procedureInput: unknown, ctx: unknown): Promise<(ShareKey & { path: string }) | undefined> {
    const entry = this.#keyFns.get(path);
    if (!entry) return undefined;
    try {
      const share = entry.keyOf(await entry.parse(procedureInput));
      const view = this.#viewOf ? `${this.#viewOf(ctx)}\0` : '';
      return { ...share, key: `${view}${share.key}`, path };
    } catch {
      // Refused input: the procedure itself answers with the error.
      return undefined;
    }
  }

  joinable(share: ShareKey & { path: string }): { fanout: SseFanout; replayLast: boolean } | undefined {
    const fanout = this.#running.get(`${share.path}\0${share.key}`);
    const lastId = fanout?.lastId;
    if (!fanout || lastId === undefined) return undefined;
    if (share.lastEventId === null) return { fanout, replayLast: true };
    return share.lastEventId === lastId ? { fanout, replayLast: false } : undefined;
  }

  /** Hooks that make a stream joinable once it has sent a value, until it stops. */
  registration(share: ShareKey & { path: string }): {
    onJoinable(fanout: SseFanout): void;
    onStop(fanout: SseFanout): void;
  } {
    const key = `${share.path}\0${share.key}`;
    return {
      onJoinable: (fanout) => {
        if (!this.#running.has(key)) this.#running.set(key, fanout);
      },
      onStop: (fanout) => {
        if (this.#running.get(key) === fanout) this.#running.delete(key);
      },
    };
  }

  /** Streams others may join now (for tests and metrics). */
  get size(): number {
    return this.#running.size;
  }
}
