import type { ServerResponse } from 'node:http';

/** Where an SSE subscriber writes: the socket of one response. */
export interface SseSink {
  /** False once the client is behind (what was written is still waiting to be taken). */
  write(chunk: string): boolean;
  readonly behind: boolean;
  /** Ends the response; nothing is written after. */
  end(): void;
  /** `drain`: the client caught up. `close`: it went away or the response ended (once). */
  listen(listeners: { drain(): void; close(): void }): void;
}

/**
 * The socket of a hijacked reply: one `write` per frame, no stream object in between (with many
 * thousands of subscribers, every layer per event and every object per connection shows).
 * Backpressure is the response's own: `write` returns false past its high-water mark.
 */
export class RawSink implements SseSink {
  #ended = false;

  constructor(private readonly response: ServerResponse) {}

  get behind(): boolean {
    return this.response.writableNeedDrain;
  }

  write(chunk: string): boolean {
    if (this.#ended) return false;
    return this.response.write(chunk);
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.response.end();
  }

  listen(listeners: { drain(): void; close(): void }): void {
    this.response.on('drain', () => listeners.drain());
    this.response.once('close', () => {
      this.#ended = true;
      listeners.close();
    });
  }
}
