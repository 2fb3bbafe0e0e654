import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { SseSink } from './sse-session.ts';

/**
 * An SSE sink that Fastify sends as a stream (`reply.send(sink.stream)`), so the response goes
 * through the app's hooks and logging like any other. `write` reports backpressure as
 * `Readable.push` does: false once a high-water mark's worth is waiting for the client.
 */
export class ReplySink implements SseSink {
  readonly stream: Readable;
  #waiting: (() => void) | null = null;
  #ended = false;
  #closeListener: (() => void) | null = null;

  constructor(response: ServerResponse) {
    this.stream = new Readable({ read: () => this.#wake() });
    response.once('close', () => {
      this.#ended = true;
      this.#wake();
      const listener = this.#closeListener;
      this.#closeListener = null;
      listener?.();
    });
  }

  get behind(): boolean {
    return this.stream.readableLength >= this.stream.readableHighWaterMark;
  }

  write(chunk: string): boolean {
    if (this.#ended) return false;
    return this.stream.push(chunk);
  }

  whenWritable(): Promise<void> {
    if (this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.stream.push(null);
    this.#wake();
  }

  onClose(listener: () => void): void {
    this.#closeListener = listener;
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.();
  }
}
